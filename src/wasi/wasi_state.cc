// wasi/wasi_state.cc: the canonical encoding of WasiState (layout in docs/wasi.md,
// "State"), and its decoder for untrusted bytes, which accepts exactly the encodings
// AppendCanonical can produce. Thread-safe (plain functions).
#include "wasi/wasi_state.h"

#include <climits>
#include <utility>

#include "base/writer.h"
#include "wasi/deterministic.h"

namespace cella::wasi {
namespace {

constexpr uint8_t kMagic[4] = {'C', 'W', 'S', 'T'};
constexpr uint32_t kNone = 0xFFFFFFFF;  // preopen / listener index "none"

void Bool(base::Writer& w, bool v) { w.U8(v ? 1 : 0); }

void Digest(base::Writer& w, const std::array<uint8_t, 32>& bytes) { w.Bytes(bytes); }

void Optional(base::Writer& w, const std::optional<uint32_t>& v) {
  Bool(w, v.has_value());
  w.U32(v.value_or(0));
}

void Strings(base::Writer& w, const std::vector<std::string>& strings) {
  w.U32(static_cast<uint32_t>(strings.size()));
  for (const std::string& s : strings) w.String(s);
}

void Descriptor(base::Writer& w, const DescriptorState& d) {
  w.U32(d.fd);
  w.U8(static_cast<uint8_t>(d.kind));
  w.U8(static_cast<uint8_t>(d.filetype));
  w.U32(static_cast<uint32_t>(d.preopen));
  w.String(d.path);
  Bool(w, d.is_preopen);
  w.U8(static_cast<uint8_t>(d.stdio));
  w.U32(static_cast<uint32_t>(d.listener));
  w.U64(d.base);
  w.U64(d.inheriting);
  w.U32(d.flags);
  w.U64(d.offset);
  w.U64(d.stream_bytes);
  Bool(w, d.listing.has_value());
  if (d.listing) {
    w.U32(static_cast<uint32_t>(d.listing->size()));
    for (const DirListingEntry& e : *d.listing) {
      w.String(e.name);
      w.U64(e.ino);
      w.U8(static_cast<uint8_t>(e.type));
    }
  }
}

// The decoder: every failure is kBadFormat at a byte offset, naming the field.
class Decoder {
 public:
  explicit Decoder(base::Reader& r) : r_(r) {}

  Error Bad(std::string_view what) const {
    return r_.ErrorHere(Errc::kBadFormat, "WASI state: " + std::string(what));
  }
  Error Wrap(const Error& e, std::string_view field) const {
    return MakeError(Errc::kBadFormat, "WASI state: " + std::string(field) + ": " + e.message);
  }

  Result<uint8_t> U8(std::string_view field) {
    Result<uint8_t> v = r_.ReadU8();
    if (!v.ok()) return Wrap(v.error(), field);
    return v;
  }
  Result<uint32_t> U32(std::string_view field) {
    Result<uint32_t> v = r_.ReadFixedU32();
    if (!v.ok()) return Wrap(v.error(), field);
    return v;
  }
  Result<uint64_t> U64(std::string_view field) {
    Result<uint64_t> v = r_.ReadFixedU64();
    if (!v.ok()) return Wrap(v.error(), field);
    return v;
  }
  Result<bool> Bool(std::string_view field) {
    CELLA_ASSIGN_OR_RETURN(uint8_t v, U8(field));
    if (v > 1) return Bad(std::string(field) + " must be 0 or 1");
    return v == 1;
  }
  // An enumerator no larger than `max`.
  Result<uint8_t> Enum(std::string_view field, uint8_t max) {
    CELLA_ASSIGN_OR_RETURN(uint8_t v, U8(field));
    if (v > max) return Bad("unknown " + std::string(field) + " " + std::to_string(v));
    return v;
  }
  // u32 length + bytes, without NUL (every string reaches the guest NUL-terminated or
  // names a file).
  Result<std::string> String(std::string_view field) {
    CELLA_ASSIGN_OR_RETURN(uint32_t length, U32(field));
    Result<std::span<const uint8_t>> bytes = r_.ReadBytes(length);
    if (!bytes.ok()) return Wrap(bytes.error(), field);
    std::string s(bytes->begin(), bytes->end());
    if (s.find('\0') != std::string::npos) return Bad(std::string(field) + " contains NUL");
    return s;
  }
  Result<std::array<uint8_t, 32>> Bytes32(std::string_view field) {
    Result<std::span<const uint8_t>> bytes = r_.ReadBytes(32);
    if (!bytes.ok()) return Wrap(bytes.error(), field);
    std::array<uint8_t, 32> out;
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
  }
  Result<std::vector<std::string>> Strings(std::string_view field) {
    CELLA_ASSIGN_OR_RETURN(uint32_t count, U32(field));
    std::vector<std::string> out;
    for (uint32_t i = 0; i < count; ++i) {
      CELLA_ASSIGN_OR_RETURN(std::string s, String(field));
      out.push_back(std::move(s));
    }
    return out;
  }
  Result<std::optional<uint32_t>> Optional(std::string_view field) {
    CELLA_ASSIGN_OR_RETURN(bool present, Bool(field));
    CELLA_ASSIGN_OR_RETURN(uint32_t v, U32(field));
    if (!present && v != 0) return Bad(std::string(field) + " is absent but not 0");
    return present ? std::optional<uint32_t>(v) : std::nullopt;
  }
  // An index below `count`, or kNone.
  Result<int32_t> Index(std::string_view field, size_t count) {
    CELLA_ASSIGN_OR_RETURN(uint32_t v, U32(field));
    if (v == kNone) return -1;
    if (v >= count) return Bad(std::string(field) + " " + std::to_string(v) + " out of range");
    return static_cast<int32_t>(v);
  }

  Result<DescriptorState> Descriptor(const WasiState& s);
  Result<WasiState> State();

 private:
  base::Reader& r_;
};

// A path as JoinGuestPath makes it: relative, '/'-separated, no empty or "." components.
bool IsGuestPath(const std::string& path) {
  if (path.empty()) return true;
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string::npos) slash = path.size();
    std::string_view part(path.data() + i, slash - i);
    if (part.empty() || part == ".") return false;
    i = slash + 1;
  }
  return true;
}

Result<DescriptorState> Decoder::Descriptor(const WasiState& s) {
  DescriptorState d;
  CELLA_ASSIGN_OR_RETURN(d.fd, U32("fd"));
  if (!s.descriptors.empty() && d.fd <= s.descriptors.back().fd) return Bad("descriptors not in ascending order");
  std::string at = "fd " + std::to_string(d.fd) + " ";
  CELLA_ASSIGN_OR_RETURN(uint8_t kind, Enum(at + "kind", static_cast<uint8_t>(FdKind::kSocket)));
  d.kind = static_cast<FdKind>(kind);
  if (d.kind == FdKind::kSocket) return Bad(at + "is an accepted connection, which is not state");
  CELLA_ASSIGN_OR_RETURN(uint8_t type, Enum(at + "filetype", static_cast<uint8_t>(FileType::kSymbolicLink)));
  d.filetype = static_cast<FileType>(type);
  CELLA_ASSIGN_OR_RETURN(d.preopen, Index(at + "preopen", s.preopens.size()));
  CELLA_ASSIGN_OR_RETURN(d.path, String(at + "path"));
  CELLA_ASSIGN_OR_RETURN(d.is_preopen, Bool(at + "is_preopen"));
  CELLA_ASSIGN_OR_RETURN(uint8_t stdio, Enum(at + "stdio", static_cast<uint8_t>(StdioRole::kStderr)));
  d.stdio = static_cast<StdioRole>(stdio);
  CELLA_ASSIGN_OR_RETURN(d.listener, Index(at + "listener", s.listeners));
  CELLA_ASSIGN_OR_RETURN(d.base, U64(at + "rights"));
  CELLA_ASSIGN_OR_RETURN(d.inheriting, U64(at + "inheriting rights"));
  CELLA_ASSIGN_OR_RETURN(uint32_t flags, U32(at + "fdflags"));
  d.flags = static_cast<FdFlags>(flags);
  CELLA_ASSIGN_OR_RETURN(d.offset, U64(at + "offset"));
  CELLA_ASSIGN_OR_RETURN(d.stream_bytes, U64(at + "stream bytes"));
  CELLA_ASSIGN_OR_RETURN(bool has_listing, Bool(at + "listing"));
  if (has_listing) {
    CELLA_ASSIGN_OR_RETURN(uint32_t count, U32(at + "listing"));
    d.listing.emplace();
    for (uint32_t i = 0; i < count; ++i) {
      DirListingEntry e;
      CELLA_ASSIGN_OR_RETURN(e.name, String(at + "listing name"));
      CELLA_ASSIGN_OR_RETURN(e.ino, U64(at + "listing inode"));
      CELLA_ASSIGN_OR_RETURN(uint8_t t, Enum(at + "listing type", static_cast<uint8_t>(FileType::kSymbolicLink)));
      e.type = static_cast<FileType>(t);
      d.listing->push_back(std::move(e));
    }
  }
  bool in_preopen = d.kind == FdKind::kFile || d.kind == FdKind::kDirectory;
  if (in_preopen != (d.preopen >= 0)) return Bad(at + "has a preopen only if it is a file or directory");
  if (!IsGuestPath(d.path) || (!in_preopen && !d.path.empty())) return Bad(at + "path is not a relative guest path");
  if (d.is_preopen && (d.kind != FdKind::kDirectory || !d.path.empty())) return Bad(at + "is_preopen on a non-preopen");
  if ((d.kind == FdKind::kStream) != (d.stdio != StdioRole::kNone)) return Bad(at + "stdio role does not match kind");
  if ((d.kind == FdKind::kListener) != (d.listener >= 0)) return Bad(at + "listener index does not match kind");
  if ((d.base & ~kRightsAll) != 0 || (d.inheriting & ~kRightsAll) != 0) return Bad(at + "has unknown rights");
  if ((flags & ~static_cast<uint32_t>(kFdflagsAll)) != 0) return Bad(at + "has unknown fdflags");
  bool positioned = d.kind == FdKind::kFile && d.filetype == FileType::kRegularFile;
  if ((!positioned && d.offset != 0) || d.offset > static_cast<uint64_t>(INT64_MAX)) return Bad(at + "offset");
  bool streamed = d.kind == FdKind::kStream || (d.kind == FdKind::kFile && !positioned);  // stdio, fifos, devices
  if (!streamed && d.stream_bytes != 0) return Bad(at + "stream bytes on a non-stream");
  if (d.listing && d.kind != FdKind::kDirectory) return Bad(at + "listing on a non-directory");
  return d;
}

Result<WasiState> Decoder::State() {
  Result<std::span<const uint8_t>> magic = r_.ReadBytes(4);
  if (!magic.ok() || !std::equal(magic->begin(), magic->end(), kMagic)) {
    return MakeError(Errc::kBadFormat, "WASI state: no 'CWST' magic at the start");
  }
  CELLA_ASSIGN_OR_RETURN(uint32_t version, U32("version"));
  if (version != kWasiStateVersion) {
    return Bad("version " + std::to_string(version) + " (this Cella reads version " +
               std::to_string(kWasiStateVersion) + ")");
  }
  WasiState s;
  CELLA_ASSIGN_OR_RETURN(s.args, Strings("args"));
  CELLA_ASSIGN_OR_RETURN(s.env, Strings("env"));
  CELLA_ASSIGN_OR_RETURN(uint32_t preopens, U32("preopens"));
  for (uint32_t i = 0; i < preopens; ++i) {
    PreopenState p;
    CELLA_ASSIGN_OR_RETURN(p.guest_path, String("preopen name"));
    CELLA_ASSIGN_OR_RETURN(p.writable, Bool("preopen mode"));
    s.preopens.push_back(std::move(p));
  }
  CELLA_ASSIGN_OR_RETURN(s.listeners, U32("listeners"));
  CELLA_ASSIGN_OR_RETURN(s.deterministic, Bool("deterministic"));
  CELLA_ASSIGN_OR_RETURN(uint32_t descriptors, U32("descriptors"));
  for (uint32_t i = 0; i < descriptors; ++i) {
    CELLA_ASSIGN_OR_RETURN(DescriptorState d, Descriptor(s));
    s.descriptors.push_back(std::move(d));
  }

  CELLA_ASSIGN_OR_RETURN(uint8_t clock, Enum("clock kind", static_cast<uint8_t>(ClockState::Kind::kVirtual)));
  s.clock.kind = static_cast<ClockState::Kind>(clock);
  CELLA_ASSIGN_OR_RETURN(s.clock.epoch_ns, U64("clock epoch"));
  CELLA_ASSIGN_OR_RETURN(s.clock.slept_ns, U64("clock slept"));
  if (s.clock.kind == ClockState::Kind::kHost && !(s.clock == ClockState{})) return Bad("host clock with a state");

  CELLA_ASSIGN_OR_RETURN(uint8_t random, Enum("random kind", static_cast<uint8_t>(RandomState::Kind::kChaCha20)));
  s.random.kind = static_cast<RandomState::Kind>(random);
  CELLA_ASSIGN_OR_RETURN(s.random.seed, Bytes32("random seed"));
  CELLA_ASSIGN_OR_RETURN(s.random.position, U64("random position"));
  if (s.random.kind == RandomState::Kind::kHost && !(s.random == RandomState{})) {
    return Bad("host random source with a state");
  }

  CELLA_ASSIGN_OR_RETURN(uint8_t view, Enum("file view kind", static_cast<uint8_t>(FsViewState::Kind::kVirtual)));
  s.fs_view.kind = static_cast<FsViewState::Kind>(view);
  CELLA_ASSIGN_OR_RETURN(s.fs_view.epoch_ns, U64("file view epoch"));
  CELLA_ASSIGN_OR_RETURN(uint32_t times, U32("file times"));
  for (uint32_t i = 0; i < times; ++i) {
    FileTimes t;
    CELLA_ASSIGN_OR_RETURN(t.preopen, Index("file times preopen", s.preopens.size()));
    if (t.preopen < 0) return Bad("file times without a preopen");
    CELLA_ASSIGN_OR_RETURN(t.path, String("file times path"));
    if (NormalisePath(t.path) != t.path) return Bad("file times path '" + t.path + "' is not normalised");
    if (!s.fs_view.times.empty()) {
      const FileTimes& last = s.fs_view.times.back();
      if (std::pair(last.preopen, last.path) >= std::pair(t.preopen, t.path)) return Bad("file times not sorted");
    }
    CELLA_ASSIGN_OR_RETURN(t.atim, U64("file times atim"));
    CELLA_ASSIGN_OR_RETURN(t.mtim, U64("file times mtim"));
    CELLA_ASSIGN_OR_RETURN(t.ctim, U64("file times ctim"));
    s.fs_view.times.push_back(std::move(t));
  }
  if (s.fs_view.kind == FsViewState::Kind::kHost && !(s.fs_view == FsViewState{})) {
    return Bad("host file view with a state");
  }

  CELLA_ASSIGN_OR_RETURN(s.stdin_consumed, U64("stdin consumed"));
  CELLA_ASSIGN_OR_RETURN(s.stdin_digest, Bytes32("stdin digest"));
  CELLA_ASSIGN_OR_RETURN(s.output_written, U64("output written"));
  CELLA_ASSIGN_OR_RETURN(s.output_limit_reached, Bool("output limit reached"));
  CELLA_ASSIGN_OR_RETURN(s.exit_code, Optional("exit code"));
  CELLA_ASSIGN_OR_RETURN(s.raised_signal, Optional("raised signal"));
  if (s.raised_signal && *s.raised_signal > kSignalMax) return Bad("raised signal out of range");
  return s;
}

}  // namespace

void AppendCanonical(const WasiState& s, std::vector<uint8_t>* out) {
  base::Writer w(out);
  w.Bytes(kMagic);
  w.U32(kWasiStateVersion);
  Strings(w, s.args);
  Strings(w, s.env);
  w.U32(static_cast<uint32_t>(s.preopens.size()));
  for (const PreopenState& p : s.preopens) {
    w.String(p.guest_path);
    Bool(w, p.writable);
  }
  w.U32(s.listeners);
  Bool(w, s.deterministic);
  w.U32(static_cast<uint32_t>(s.descriptors.size()));
  for (const DescriptorState& d : s.descriptors) Descriptor(w, d);
  w.U8(static_cast<uint8_t>(s.clock.kind));
  w.U64(s.clock.epoch_ns);
  w.U64(s.clock.slept_ns);
  w.U8(static_cast<uint8_t>(s.random.kind));
  Digest(w, s.random.seed);
  w.U64(s.random.position);
  w.U8(static_cast<uint8_t>(s.fs_view.kind));
  w.U64(s.fs_view.epoch_ns);
  w.U32(static_cast<uint32_t>(s.fs_view.times.size()));
  for (const FileTimes& t : s.fs_view.times) {
    w.U32(static_cast<uint32_t>(t.preopen));
    w.String(t.path);
    w.U64(t.atim);
    w.U64(t.mtim);
    w.U64(t.ctim);
  }
  w.U64(s.stdin_consumed);
  Digest(w, s.stdin_digest);
  w.U64(s.output_written);
  Bool(w, s.output_limit_reached);
  Optional(w, s.exit_code);
  Optional(w, s.raised_signal);
}

std::vector<uint8_t> EncodeWasiState(const WasiState& state) {
  std::vector<uint8_t> out;
  AppendCanonical(state, &out);
  return out;
}

Result<WasiState> ReadWasiState(base::Reader& reader) { return Decoder(reader).State(); }

Result<WasiState> DecodeWasiState(std::span<const uint8_t> bytes) {
  base::Reader reader(bytes);
  CELLA_ASSIGN_OR_RETURN(WasiState state, ReadWasiState(reader));
  if (!reader.at_end()) {
    return reader.ErrorHere(Errc::kBadFormat, "WASI state: " + std::to_string(reader.remaining()) +
                                                  " bytes after the end of the state");
  }
  return state;
}

}  // namespace cella::wasi
