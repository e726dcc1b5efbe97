// wasi/poll.cc: poll_oneoff with clock subscriptions (relative or absolute, on any clock
// WasiClock can wait on) and fd_read / fd_write subscriptions. Regular files and
// directories are always ready, in deterministic mode streams too (a read then waits for
// its bytes); otherwise streams and sockets are polled on the host. Waiting goes
// through WasiClock (virtual time in deterministic mode) or os::WaitForFds, both cut
// short by WasiCtx::Cancel (EINTR). Not thread-safe.
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <vector>

#include "wasi/abi.h"
#include "wasi/host_call.h"

namespace cella::wasi {
namespace {

struct Event {
  uint64_t userdata = 0;
  Errno error = Errno::kSuccess;
  uint8_t type = kEventClock;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

struct ClockSub {
  uint64_t userdata;
  uint32_t id;
  uint64_t deadline;
};

struct FdSub {
  uint64_t userdata;
  uint8_t type;
  const FdEntry* entry;
};

bool IsSocket(const FdEntry& e) { return e.kind == FdKind::kSocket || e.kind == FdKind::kListener; }

uint64_t ReadableBytes(const FdEntry& e) {
  if (e.positioned) {
    struct stat st {};
    if (::fstat(e.host.get(), &st) != 0 || static_cast<uint64_t>(st.st_size) <= e.offset) return 0;
    return static_cast<uint64_t>(st.st_size) - e.offset;
  }
  int n = 0;
  return ::ioctl(e.host.get(), FIONREAD, &n) == 0 && n > 0 ? static_cast<uint64_t>(n) : 0;
}

// Clock subscriptions whose deadline has passed.
Errno CollectClocks(WasiCall& call, const std::vector<ClockSub>& clocks, std::vector<Event>& events) {
  for (const ClockSub& c : clocks) {
    WASI_ASSIGN_OR_RETURN(uint64_t now, call.ctx.clock().Now(c.id));
    if (now >= c.deadline) events.push_back(Event{c.userdata, Errno::kSuccess, kEventClock, 0, 0});
  }
  return Errno::kSuccess;
}

void CollectFds(const std::vector<FdSub>& subs, const std::vector<pollfd>& polled, std::vector<Event>& events) {
  for (size_t i = 0; i < subs.size(); ++i) {
    short revents = polled[i].revents;
    if (revents == 0) continue;
    Event ev{subs[i].userdata, Errno::kSuccess, subs[i].type, 0, 0};
    if ((revents & POLLNVAL) != 0) ev.error = Errno::kBadf;
    if ((revents & POLLHUP) != 0) ev.flags |= kEventFdHangup;
    if (subs[i].type == kEventFdRead && ev.error == Errno::kSuccess) ev.nbytes = ReadableBytes(*subs[i].entry);
    events.push_back(ev);
  }
}

Errno PollOneoff(WasiCall& call) {
  uint32_t count = call.U32(2);
  if (count == 0) return Errno::kInval;
  WASI_ASSIGN_OR_RETURN(GuestSpan in, call.mem.Array(call.U32(0), count, layout::kSubscriptionSize,
                                                      layout::kSubscriptionAlign));
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Array(call.U32(1), count, layout::kEventSize, layout::kEventAlign));
  WASI_ASSIGN_OR_RETURN(GuestSpan nevents, call.mem.Range(call.U32(3), 4, 4));

  std::vector<Event> events;
  std::vector<ClockSub> clocks;
  std::vector<FdSub> fd_subs;
  std::vector<pollfd> polled;
  const ClockSub* earliest = nullptr;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t base = i * layout::kSubscriptionSize;
    uint64_t userdata = in.Get<uint64_t>(base);
    uint8_t tag = in.Get<uint8_t>(base + 8);
    if (tag == kEventClock) {
      uint32_t id = in.Get<uint32_t>(base + 16);
      uint64_t timeout = in.Get<uint64_t>(base + 24);
      uint16_t flags = in.Get<uint16_t>(base + 40);
      ErrnoOr<uint64_t> now = call.ctx.clock().Now(id);
      if (!now.ok() || (flags & ~kSubclockAbstime) != 0) {
        events.push_back(Event{userdata, now.ok() ? Errno::kInval : now.error(), kEventClock, 0, 0});
        continue;
      }
      uint64_t deadline = (flags & kSubclockAbstime) != 0 ? timeout
                          : timeout > UINT64_MAX - *now ? UINT64_MAX
                                                        : *now + timeout;
      clocks.push_back(ClockSub{userdata, id, deadline});
    } else if (tag == kEventFdRead || tag == kEventFdWrite) {
      ErrnoOr<FdEntry*> entry = call.ctx.fds().Get(in.Get<uint32_t>(base + 16), kRightPollFdReadwrite);
      if (!entry.ok()) {
        events.push_back(Event{userdata, entry.error(), tag, 0, 0});
      } else if ((*entry)->positioned || (*entry)->kind == FdKind::kDirectory) {
        uint64_t nbytes = tag == kEventFdRead ? ReadableBytes(**entry) : 0;
        events.push_back(Event{userdata, Errno::kSuccess, tag, nbytes, 0});
      } else if (call.ctx.deterministic() && !IsSocket(**entry)) {
        // Deterministic mode: a stream's readiness is timing; it is ready (a read then
        // waits for its bytes), with nbytes 0 ("unknown").
        events.push_back(Event{userdata, Errno::kSuccess, tag, 0, 0});
      } else {
        fd_subs.push_back(FdSub{userdata, tag, *entry});
        polled.push_back(pollfd{(*entry)->host.get(), static_cast<short>(tag == kEventFdRead ? POLLIN : POLLOUT), 0});
      }
    } else {
      return Errno::kInval;
    }
  }
  for (const ClockSub& c : clocks) {
    if (earliest == nullptr || c.deadline < earliest->deadline) earliest = &c;
  }

  // Wait only when nothing is ready yet; then report everything that is.
  bool wait = events.empty();
  while (true) {
    if (call.ctx.cancelled()) return Errno::kIntr;
    int64_t timeout = -1;
    if (!wait) {
      timeout = 0;
    } else if (earliest != nullptr) {
      WASI_ASSIGN_OR_RETURN(uint64_t now, call.ctx.clock().Now(earliest->id));
      uint64_t left = earliest->deadline > now ? earliest->deadline - now : 0;
      timeout = left > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(left);
    }
    if (!polled.empty()) {
      os::WaitResult r = os::WaitForFds(polled, timeout, call.ctx.wakeup());
      if (r == os::WaitResult::kWoken) return Errno::kIntr;
      if (r == os::WaitResult::kFailed) return ErrnoFromHost(errno);
      CollectFds(fd_subs, polled, events);
    } else if (wait && earliest != nullptr) {
      WASI_ASSIGN_OR_RETURN(bool reached, call.ctx.clock().SleepUntil(earliest->id, earliest->deadline,
                                                                       call.ctx.wakeup()));
      if (!reached) return Errno::kIntr;
    } else if (wait) {
      return Errno::kInval;  // nothing to wait for (every subscription failed to parse)
    }
    WASI_TRY(CollectClocks(call, clocks, events));
    if (!events.empty()) break;
    wait = true;
  }

  for (size_t i = 0; i < events.size(); ++i) {
    uint32_t base = static_cast<uint32_t>(i) * layout::kEventSize;
    GuestSpan(out.bytes().subspan(base, layout::kEventSize)).Zero();
    out.Put<uint64_t>(base, events[i].userdata);
    out.Put<uint16_t>(base + 8, static_cast<uint16_t>(events[i].error));
    out.Put<uint8_t>(base + 10, events[i].type);
    out.Put<uint64_t>(base + 16, events[i].nbytes);
    out.Put<uint16_t>(base + 24, events[i].flags);
  }
  nevents.Put<uint32_t>(0, static_cast<uint32_t>(events.size()));
  return Errno::kSuccess;
}

constexpr FunctionDef kFunctions[] = {
    {"poll_oneoff", "iiii", true, PollOneoff},
};

}  // namespace

std::span<const FunctionDef> PollFunctions() { return kFunctions; }

}  // namespace cella::wasi
