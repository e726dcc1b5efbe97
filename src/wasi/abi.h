// wasi/abi.h: the wasi_snapshot_preview1 ABI as the witx defines it: flag and enum values,
// and the byte layout (offset, size, alignment) of every struct the guest sees. Every
// WASI file writes guest structs through these constants. Plain constants.
#pragma once

#include <cstdint>

namespace cella::wasi {

using Rights = uint64_t;
using FdFlags = uint16_t;

// filetype (u8)
enum class FileType : uint8_t {
  kUnknown = 0,
  kBlockDevice = 1,
  kCharacterDevice = 2,
  kDirectory = 3,
  kRegularFile = 4,
  kSocketDgram = 5,
  kSocketStream = 6,
  kSymbolicLink = 7,
};

// clockid (u32)
constexpr uint32_t kClockRealtime = 0;
constexpr uint32_t kClockMonotonic = 1;
constexpr uint32_t kClockProcessCputime = 2;
constexpr uint32_t kClockThreadCputime = 3;

// whence (u8)
constexpr uint32_t kWhenceSet = 0;
constexpr uint32_t kWhenceCur = 1;
constexpr uint32_t kWhenceEnd = 2;

// advice (u8): normal .. noreuse
constexpr uint32_t kAdviceMax = 5;

// fdflags (u16)
constexpr FdFlags kFdflagAppend = 1 << 0;
constexpr FdFlags kFdflagDsync = 1 << 1;
constexpr FdFlags kFdflagNonblock = 1 << 2;
constexpr FdFlags kFdflagRsync = 1 << 3;
constexpr FdFlags kFdflagSync = 1 << 4;
constexpr FdFlags kFdflagsAll = 0x1f;

// oflags (u16)
constexpr uint32_t kOflagCreat = 1 << 0;
constexpr uint32_t kOflagDirectory = 1 << 1;
constexpr uint32_t kOflagExcl = 1 << 2;
constexpr uint32_t kOflagTrunc = 1 << 3;
constexpr uint32_t kOflagsAll = 0xf;

// lookupflags (u32)
constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// fstflags (u16)
constexpr uint32_t kFstAtim = 1 << 0;
constexpr uint32_t kFstAtimNow = 1 << 1;
constexpr uint32_t kFstMtim = 1 << 2;
constexpr uint32_t kFstMtimNow = 1 << 3;
constexpr uint32_t kFstAll = 0xf;

// eventtype (u8), eventrwflags (u16), subclockflags (u16)
constexpr uint8_t kEventClock = 0;
constexpr uint8_t kEventFdRead = 1;
constexpr uint8_t kEventFdWrite = 2;
constexpr uint16_t kEventFdHangup = 1 << 0;
constexpr uint16_t kSubclockAbstime = 1 << 0;

// riflags, roflags, sdflags (u16 / u16 / u8)
constexpr uint32_t kRecvPeek = 1 << 0;
constexpr uint32_t kRecvWaitall = 1 << 1;
constexpr uint16_t kRecvDataTruncated = 1 << 0;
constexpr uint32_t kShutRd = 1 << 0;
constexpr uint32_t kShutWr = 1 << 1;

// preopentype (u8)
constexpr uint8_t kPreopenDir = 0;

// signal (u8): none = 0 .. sys = 30
constexpr uint32_t kSignalMax = 30;

// rights (u64)
constexpr Rights kRightFdDatasync = 1ull << 0;
constexpr Rights kRightFdRead = 1ull << 1;
constexpr Rights kRightFdSeek = 1ull << 2;
constexpr Rights kRightFdFdstatSetFlags = 1ull << 3;
constexpr Rights kRightFdSync = 1ull << 4;
constexpr Rights kRightFdTell = 1ull << 5;
constexpr Rights kRightFdWrite = 1ull << 6;
constexpr Rights kRightFdAdvise = 1ull << 7;
constexpr Rights kRightFdAllocate = 1ull << 8;
constexpr Rights kRightPathCreateDirectory = 1ull << 9;
constexpr Rights kRightPathCreateFile = 1ull << 10;
constexpr Rights kRightPathLinkSource = 1ull << 11;
constexpr Rights kRightPathLinkTarget = 1ull << 12;
constexpr Rights kRightPathOpen = 1ull << 13;
constexpr Rights kRightFdReaddir = 1ull << 14;
constexpr Rights kRightPathReadlink = 1ull << 15;
constexpr Rights kRightPathRenameSource = 1ull << 16;
constexpr Rights kRightPathRenameTarget = 1ull << 17;
constexpr Rights kRightPathFilestatGet = 1ull << 18;
constexpr Rights kRightPathFilestatSetSize = 1ull << 19;
constexpr Rights kRightPathFilestatSetTimes = 1ull << 20;
constexpr Rights kRightFdFilestatGet = 1ull << 21;
constexpr Rights kRightFdFilestatSetSize = 1ull << 22;
constexpr Rights kRightFdFilestatSetTimes = 1ull << 23;
constexpr Rights kRightPathSymlink = 1ull << 24;
constexpr Rights kRightPathRemoveDirectory = 1ull << 25;
constexpr Rights kRightPathUnlinkFile = 1ull << 26;
constexpr Rights kRightPollFdReadwrite = 1ull << 27;
constexpr Rights kRightSockShutdown = 1ull << 28;
constexpr Rights kRightSockAccept = 1ull << 29;
constexpr Rights kRightsAll = (1ull << 30) - 1;

// Struct layouts: size, alignment and field offsets.
namespace layout {
// iovec / ciovec: { buf: u32, buf_len: u32 }
constexpr uint32_t kIovecSize = 8, kIovecAlign = 4;
// fdstat: { fs_filetype: u8 @0, fs_flags: u16 @2, fs_rights_base: u64 @8,
//           fs_rights_inheriting: u64 @16 }
constexpr uint32_t kFdstatSize = 24, kFdstatAlign = 8;
// filestat: { dev @0, ino @8, filetype: u8 @16, nlink @24, size @32, atim @40, mtim @48,
//             ctim @56 } (u64 unless noted)
constexpr uint32_t kFilestatSize = 64, kFilestatAlign = 8;
// dirent: { d_next: u64 @0, d_ino: u64 @8, d_namlen: u32 @16, d_type: u8 @20 }, name follows
constexpr uint32_t kDirentSize = 24;
// prestat: { tag: u8 @0, pr_name_len: u32 @4 }
constexpr uint32_t kPrestatSize = 8, kPrestatAlign = 4;
// subscription: { userdata: u64 @0, tag: u8 @8, clock { id: u32 @16, timeout: u64 @24,
//   precision: u64 @32, flags: u16 @40 } | fd_readwrite { fd: u32 @16 } }
constexpr uint32_t kSubscriptionSize = 48, kSubscriptionAlign = 8;
// event: { userdata: u64 @0, error: u16 @8, type: u8 @10, fd_readwrite { nbytes: u64 @16,
//   flags: u16 @24 } }
constexpr uint32_t kEventSize = 32, kEventAlign = 8;
}  // namespace layout

}  // namespace cella::wasi
