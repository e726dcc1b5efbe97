// snapshot/snapshot_file.cc: encoding and defensive decoding of snapshot files.
#include "snapshot/snapshot_file.h"

#include <zstd.h>

#include <cstring>
#include <memory>
#include <utility>

#include "base/reader.h"
#include "base/writer.h"
#include "os/file_io.h"

namespace cella::snapshot {
namespace {

enum Section : uint32_t {
  kModule = 1,
  kPolicy = 2,
  kMemory = 3,
  kGlobals = 4,
  kTables = 5,
  kSegments = 6,
  kExecution = 7,
  kWasi = 8,
  kRoot = 9,
  kHeldExceptions = 10,
};

constexpr size_t kHeaderSize = 8 + 4 + 4 + 8 + 32;
constexpr uint64_t kPage = 65536;
// Largest body accepted: four full memories plus room for the rest.
constexpr uint64_t kMaxBody = 4 * (uint64_t{65536} * kPage) + (uint64_t{1} << 30);

Error Bad(const std::string& what) { return MakeError(Errc::kBadFormat, "snapshot: " + what); }

void PutValue(base::Writer& w, const Value& v) {
  w.U8(static_cast<uint8_t>(v.type()));
  if (v.type() == ValType::kV128) {
    w.Bytes(v.v128().bytes);
  } else {
    w.U64(v.raw_bits());
  }
}

void PutFrames(base::Writer& w, const std::vector<FrameInfo>& frames) {
  w.U32(static_cast<uint32_t>(frames.size()));
  for (const FrameInfo& f : frames) {
    w.U32(f.func_index);
    w.U32(f.body_offset);
    w.U32(static_cast<uint32_t>(f.locals.size()));
    for (const Value& v : f.locals) PutValue(w, v);
    w.U32(static_cast<uint32_t>(f.stack.size()));
    for (const Value& v : f.stack) PutValue(w, v);
  }
}

bool AnyHeldExceptions(const std::vector<FrameInfo>& frames) {
  for (const FrameInfo& f : frames) {
    if (!f.held_exceptions.empty()) return true;
  }
  return false;
}

// Per frame, innermost first: u32 H, then per held exception u32 tag index + values.
void PutHeldExceptions(base::Writer& w, const std::vector<FrameInfo>& frames) {
  w.U32(static_cast<uint32_t>(frames.size()));
  for (const FrameInfo& f : frames) {
    w.U32(static_cast<uint32_t>(f.held_exceptions.size()));
    for (const HeldException& held : f.held_exceptions) {
      w.U32(held.tag_index);
      w.U32(static_cast<uint32_t>(held.payload.size()));
      for (const Value& v : held.payload) PutValue(w, v);
    }
  }
}

// Starts a section; returns where its length goes.
size_t Begin(base::Writer& w, Section id) {
  w.U32(id);
  return w.ReserveU64();
}
void End(base::Writer& w, size_t at) { w.PatchU64(at, w.size() - at - 8); }

// The body as written bytes plus, at given positions, the memories' page contents, which
// are compressed from where they are rather than copied into the body first.
struct Body {
  std::vector<uint8_t> bytes;
  std::vector<std::pair<size_t, std::span<const uint8_t>>> inserts;  // (position in bytes, data)
  size_t size() const {
    size_t n = bytes.size();
    for (const auto& insert : inserts) n += insert.second.size();
    return n;
  }
};

Body EncodeBody(const SnapshotFile& s) {
  Body body;
  std::vector<uint8_t>& bytes = body.bytes;
  base::Writer w(&bytes);
  size_t at = Begin(w, kModule);
  w.Bytes(s.module);
  End(w, at);
  at = Begin(w, kPolicy);
  w.Bytes(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.policy.data()), s.policy.size()));
  End(w, at);
  for (uint32_t i = 0; i < s.engine.memories.size(); ++i) {
    const MemoryImage& m = s.engine.memories[i];
    at = Begin(w, kMemory);
    w.U32(i);
    w.U32(m.pages);
    w.U32(static_cast<uint32_t>(m.nonzero_pages.size()));
    for (uint32_t p : m.nonzero_pages) w.U32(p);
    // The pages: `contents` as one piece; borrowed ones by runs of consecutive pages.
    size_t data_size = 0;
    for (size_t first = 0; first < m.nonzero_pages.size();) {
      size_t end = first + 1;
      while (end < m.nonzero_pages.size() &&
             (m.borrowed == nullptr || m.nonzero_pages[end] == m.nonzero_pages[end - 1] + 1)) {
        ++end;
      }
      body.inserts.emplace_back(bytes.size(),
                                std::span<const uint8_t>(NonzeroPage(m, first).data(), (end - first) * kPage));
      data_size += (end - first) * kPage;
      first = end;
    }
    w.PatchU64(at, w.size() - at - 8 + data_size);
  }
  at = Begin(w, kGlobals);
  w.U32(static_cast<uint32_t>(s.engine.globals.size()));
  for (const Value& v : s.engine.globals) PutValue(w, v);
  End(w, at);
  at = Begin(w, kTables);
  w.U32(static_cast<uint32_t>(s.engine.tables.size()));
  for (const TableImage& t : s.engine.tables) {
    w.U8(static_cast<uint8_t>(t.elem_type));
    w.U64(t.elements.size());
    for (uint64_t e : t.elements) w.U64(e);
  }
  End(w, at);
  at = Begin(w, kSegments);
  for (const std::vector<bool>* dropped : {&s.engine.data_dropped, &s.engine.elem_dropped}) {
    w.U32(static_cast<uint32_t>(dropped->size()));
    for (bool d : *dropped) w.U8(d ? 1 : 0);
  }
  End(w, at);
  at = Begin(w, kExecution);
  w.U8(s.engine.paused ? 1 : 0);
  w.U64(s.fuel_consumed);
  PutFrames(w, s.engine.frames);
  End(w, at);
  if (AnyHeldExceptions(s.engine.frames)) {
    at = Begin(w, kHeldExceptions);
    PutHeldExceptions(w, s.engine.frames);
    End(w, at);
  }
  at = Begin(w, kWasi);
  w.Bytes(s.wasi_state);
  End(w, at);
  at = Begin(w, kRoot);
  w.Bytes(s.state_root);
  End(w, at);
  return body;
}

Result<Value> ReadValue(base::Reader& r) {
  CELLA_ASSIGN_OR_RETURN(uint8_t type_byte, r.ReadU8());
  auto type = static_cast<ValType>(type_byte);
  switch (type) {
    case ValType::kI32:
    case ValType::kF32: {
      CELLA_ASSIGN_OR_RETURN(uint64_t bits, r.ReadFixedU64());
      if (bits > UINT32_MAX) return Bad("a 32-bit value has high bits set");
      return Value::FromRaw(type, bits);
    }
    case ValType::kI64:
    case ValType::kF64:
    case ValType::kFuncRef:
    case ValType::kExternRef: {
      CELLA_ASSIGN_OR_RETURN(uint64_t bits, r.ReadFixedU64());
      return Value::FromRaw(type, bits);
    }
    case ValType::kV128: {
      CELLA_ASSIGN_OR_RETURN(auto bytes, r.ReadBytes(16));
      V128 v;
      std::memcpy(v.bytes.data(), bytes.data(), 16);
      return Value::FromV128(v);
    }
  }
  return Bad("unknown value type 0x" + base::HexOffset(type_byte).substr(2));
}

// A count that cannot exceed what is left if each element takes `min_size` bytes.
Result<uint32_t> ReadCount(base::Reader& r, size_t min_size, const char* what) {
  CELLA_ASSIGN_OR_RETURN(uint32_t n, r.ReadFixedU32());
  if (uint64_t{n} * min_size > r.remaining()) return Bad(std::string(what) + " count exceeds the section");
  return n;
}

Result<std::vector<Value>> ReadValues(base::Reader& r, const char* what) {
  CELLA_ASSIGN_OR_RETURN(uint32_t n, ReadCount(r, 9, what));
  std::vector<Value> values;
  values.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    CELLA_ASSIGN_OR_RETURN(Value v, ReadValue(r));
    values.push_back(v);
  }
  return values;
}

Status ReadSection(uint32_t id, base::Reader& r, SnapshotFile* s, uint32_t* seen) {
  auto once = [&](Section which, const char* name) -> Status {
    uint32_t bit = 1u << which;
    if ((*seen & bit) != 0) return Bad(std::string("duplicate ") + name + " section");
    *seen |= bit;
    return OkStatus();
  };
  switch (id) {
    case kModule: {
      CELLA_TRY(once(kModule, "module"));
      CELLA_ASSIGN_OR_RETURN(auto bytes, r.ReadBytes(r.remaining()));
      s->module.assign(bytes.begin(), bytes.end());
      return OkStatus();
    }
    case kPolicy: {
      CELLA_TRY(once(kPolicy, "policy"));
      CELLA_ASSIGN_OR_RETURN(auto bytes, r.ReadBytes(r.remaining()));
      s->policy.assign(bytes.begin(), bytes.end());
      return OkStatus();
    }
    case kMemory: {
      CELLA_ASSIGN_OR_RETURN(uint32_t index, r.ReadFixedU32());
      if (index != s->engine.memories.size()) return Bad("memory sections out of order");
      MemoryImage m;
      CELLA_ASSIGN_OR_RETURN(m.pages, r.ReadFixedU32());
      if (m.pages > 65536) return Bad("a memory of more than 65536 pages");
      CELLA_ASSIGN_OR_RETURN(uint32_t n, ReadCount(r, 4 + kPage, "page"));
      for (uint32_t i = 0; i < n; ++i) {
        CELLA_ASSIGN_OR_RETURN(uint32_t page, r.ReadFixedU32());
        if (page >= m.pages || (!m.nonzero_pages.empty() && page <= m.nonzero_pages.back())) {
          return Bad("memory page list out of order or out of range");
        }
        m.nonzero_pages.push_back(page);
      }
      CELLA_ASSIGN_OR_RETURN(auto contents, r.ReadBytes(n * kPage));
      m.contents.assign(contents.begin(), contents.end());
      s->engine.memories.push_back(std::move(m));
      return OkStatus();
    }
    case kGlobals: {
      CELLA_TRY(once(kGlobals, "globals"));
      CELLA_ASSIGN_OR_RETURN(s->engine.globals, ReadValues(r, "global"));
      return OkStatus();
    }
    case kTables: {
      CELLA_TRY(once(kTables, "tables"));
      CELLA_ASSIGN_OR_RETURN(uint32_t n, ReadCount(r, 9, "table"));
      for (uint32_t i = 0; i < n; ++i) {
        TableImage t;
        CELLA_ASSIGN_OR_RETURN(uint8_t type, r.ReadU8());
        t.elem_type = static_cast<ValType>(type);
        if (!IsRefType(t.elem_type)) return Bad("a table of non-references");
        CELLA_ASSIGN_OR_RETURN(uint64_t size, r.ReadFixedU64());
        if (size > r.remaining() / 8) return Bad("table size exceeds the section");
        t.elements.reserve(size);
        for (uint64_t e = 0; e < size; ++e) {
          CELLA_ASSIGN_OR_RETURN(uint64_t ref, r.ReadFixedU64());
          t.elements.push_back(ref);
        }
        s->engine.tables.push_back(std::move(t));
      }
      return OkStatus();
    }
    case kSegments: {
      CELLA_TRY(once(kSegments, "segments"));
      for (std::vector<bool>* dropped : {&s->engine.data_dropped, &s->engine.elem_dropped}) {
        CELLA_ASSIGN_OR_RETURN(uint32_t n, ReadCount(r, 1, "segment"));
        for (uint32_t i = 0; i < n; ++i) {
          CELLA_ASSIGN_OR_RETURN(uint8_t d, r.ReadU8());
          if (d > 1) return Bad("segment flag is not 0 or 1");
          dropped->push_back(d == 1);
        }
      }
      return OkStatus();
    }
    case kExecution: {
      CELLA_TRY(once(kExecution, "execution"));
      CELLA_ASSIGN_OR_RETURN(uint8_t paused, r.ReadU8());
      if (paused > 1) return Bad("execution state is not 0 or 1");
      s->engine.paused = paused == 1;
      CELLA_ASSIGN_OR_RETURN(s->fuel_consumed, r.ReadFixedU64());
      CELLA_ASSIGN_OR_RETURN(uint32_t frames, ReadCount(r, 16, "frame"));
      if (!s->engine.paused && frames != 0) return Bad("frames without a paused call");
      for (uint32_t i = 0; i < frames; ++i) {
        FrameInfo f;
        CELLA_ASSIGN_OR_RETURN(f.func_index, r.ReadFixedU32());
        CELLA_ASSIGN_OR_RETURN(f.body_offset, r.ReadFixedU32());
        CELLA_ASSIGN_OR_RETURN(f.locals, ReadValues(r, "local"));
        CELLA_ASSIGN_OR_RETURN(f.stack, ReadValues(r, "operand"));
        s->engine.frames.push_back(std::move(f));
      }
      return OkStatus();
    }
    case kHeldExceptions: {
      CELLA_TRY(once(kHeldExceptions, "held exceptions"));
      if ((*seen & (1u << kExecution)) == 0) return Bad("held exceptions before the execution section");
      CELLA_ASSIGN_OR_RETURN(uint32_t frames, ReadCount(r, 4, "frame"));
      if (frames != s->engine.frames.size()) return Bad("held exceptions for another number of frames");
      for (FrameInfo& f : s->engine.frames) {
        CELLA_ASSIGN_OR_RETURN(uint32_t held, ReadCount(r, 8, "held exception"));
        for (uint32_t i = 0; i < held; ++i) {
          HeldException h;
          CELLA_ASSIGN_OR_RETURN(h.tag_index, r.ReadFixedU32());
          CELLA_ASSIGN_OR_RETURN(h.payload, ReadValues(r, "payload"));
          f.held_exceptions.push_back(std::move(h));
        }
      }
      return OkStatus();
    }
    case kWasi: {
      CELLA_TRY(once(kWasi, "WASI"));
      CELLA_ASSIGN_OR_RETURN(auto bytes, r.ReadBytes(r.remaining()));
      s->wasi_state.assign(bytes.begin(), bytes.end());
      return OkStatus();
    }
    case kRoot: {
      CELLA_TRY(once(kRoot, "state root"));
      CELLA_ASSIGN_OR_RETURN(auto bytes, r.ReadBytes(32));
      std::memcpy(s->state_root.data(), bytes.data(), 32);
      return OkStatus();
    }
    default:
      return Bad("unknown section " + std::to_string(id));
  }
}

}  // namespace

bool LooksLikeSnapshot(std::span<const uint8_t> bytes) {
  return bytes.size() >= 8 && std::memcmp(bytes.data(), kSnapshotMagic, 8) == 0;
}

std::vector<uint8_t> EncodeSnapshot(const SnapshotFile& snapshot, int level) {
  Body body = EncodeBody(snapshot);
  const size_t body_size = body.size();
  const size_t bound = ZSTD_compressBound(body_size);
  // Not value-initialized: only what zstd writes is touched.
  std::unique_ptr<uint8_t[]> payload(new uint8_t[bound]);
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  if (cctx == nullptr || ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level)) ||
      ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cctx.get(), body_size))) {
    std::abort();  // out of memory
  }
  ZSTD_outBuffer out{payload.get(), bound, 0};
  auto feed = [&](std::span<const uint8_t> piece, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{piece.data(), piece.size(), 0};
    size_t left;
    do {
      left = ZSTD_compressStream2(cctx.get(), &out, &in, mode);
      if (ZSTD_isError(left)) std::abort();  // only on a bound miscalculation
    } while (mode == ZSTD_e_end ? left != 0 : in.pos < in.size);
  };
  size_t from = 0;
  for (const auto& [at, data] : body.inserts) {
    feed(std::span<const uint8_t>(body.bytes).subspan(from, at - from), ZSTD_e_continue);
    feed(data, ZSTD_e_continue);
    from = at;
  }
  feed(std::span<const uint8_t>(body.bytes).subspan(from), ZSTD_e_end);
  const size_t compressed = out.pos;

  std::vector<uint8_t> header;
  base::Writer w(&header);
  w.Bytes(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(kSnapshotMagic), 8));
  w.U32(kSnapshotVersion);
  w.U32(0);  // flags
  w.U64(compressed);
  w.Bytes(Sha256Of(std::span<const uint8_t>(payload.get(), compressed)));
  std::vector<uint8_t> file(kHeaderSize + compressed);
  std::memcpy(file.data(), header.data(), kHeaderSize);
  if (compressed > 0) std::memcpy(file.data() + kHeaderSize, payload.get(), compressed);
  return file;
}

Result<SnapshotFile> DecodeSnapshot(std::span<const uint8_t> file) {
  if (!LooksLikeSnapshot(file)) return Bad("not a Cella snapshot (magic \"CELLASNP\" missing)");
  if (file.size() < kHeaderSize) return Bad("truncated header");
  base::Reader header(file.subspan(8, kHeaderSize - 8), 8);
  CELLA_ASSIGN_OR_RETURN(uint32_t version, header.ReadFixedU32());
  if (version != kSnapshotVersion) {
    return Bad("format version " + std::to_string(version) + ", this Cella reads version " +
               std::to_string(kSnapshotVersion));
  }
  CELLA_ASSIGN_OR_RETURN(uint32_t flags, header.ReadFixedU32());
  if (flags != 0) return Bad("unknown flags " + std::to_string(flags));
  CELLA_ASSIGN_OR_RETURN(uint64_t payload_size, header.ReadFixedU64());
  CELLA_ASSIGN_OR_RETURN(auto checksum, header.ReadBytes(32));
  std::span<const uint8_t> payload = file.subspan(kHeaderSize);
  if (payload.size() != payload_size) {
    return Bad(payload.size() < payload_size ? "truncated: the payload is shorter than its header says"
                                             : "trailing bytes after the payload");
  }
  Hash actual = Sha256Of(payload);
  if (std::memcmp(actual.data(), checksum.data(), 32) != 0) return Bad("checksum mismatch: the file is corrupted");

  unsigned long long body_size = ZSTD_getFrameContentSize(payload.data(), payload.size());
  if (body_size == ZSTD_CONTENTSIZE_ERROR || body_size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Bad("the payload is not a zstd frame with a known size");
  }
  if (body_size > kMaxBody) return Bad("the payload claims " + std::to_string(body_size) + " bytes");
  std::vector<uint8_t> body(body_size);
  size_t got = ZSTD_decompress(body.data(), body.size(), payload.data(), payload.size());
  if (ZSTD_isError(got) || got != body_size) return Bad("the payload does not decompress");

  return DecodeSnapshotBody(body);
}

Result<SnapshotFile> DecodeSnapshotBody(std::span<const uint8_t> body) {
  SnapshotFile snapshot;
  base::Reader r(body);
  uint32_t seen = 0;
  while (!r.at_end()) {
    CELLA_ASSIGN_OR_RETURN(uint32_t id, r.ReadFixedU32());
    CELLA_ASSIGN_OR_RETURN(uint64_t length, r.ReadFixedU64());
    if (length > r.remaining()) return Bad("section " + std::to_string(id) + " runs past the end");
    CELLA_ASSIGN_OR_RETURN(base::Reader section, r.ReadSubReader(static_cast<size_t>(length)));
    CELLA_TRY(ReadSection(id, section, &snapshot, &seen));
    if (!section.at_end()) return Bad("section " + std::to_string(id) + " has trailing bytes");
  }
  for (Section required : {kModule, kGlobals, kTables, kSegments, kExecution, kRoot}) {
    if ((seen & (1u << required)) == 0) return Bad("section " + std::to_string(required) + " missing");
  }
  return snapshot;
}

Status WriteSnapshot(const std::string& path, const SnapshotFile& snapshot) {
  std::vector<uint8_t> file = EncodeSnapshot(snapshot);
  return os::WriteFileAtomic(path, std::string_view(reinterpret_cast<const char*>(file.data()), file.size()));
}

Result<SnapshotFile> ReadSnapshot(const std::string& path) {
  CELLA_ASSIGN_OR_RETURN(std::string bytes, os::ReadFile(path));
  auto decoded = DecodeSnapshot(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  if (!decoded.ok()) return MakeError(decoded.error().code, path + ": " + decoded.error().message);
  return decoded;
}

}  // namespace cella::snapshot
