// wasi/rights.h: the rights each kind of descriptor is granted (read-only and read-write
// directories, files, stdio, sockets). A :ro grant's sets hold no right that creates,
// writes, truncates, renames, removes, links or retimes anything. Plain constants.
#pragma once

#include "wasi/abi.h"

namespace cella::wasi {

// Rights whose operation changes the file system (never granted under :ro).
constexpr Rights kMutatingRights =
    kRightFdDatasync | kRightFdSync | kRightFdWrite | kRightFdAllocate | kRightPathCreateDirectory |
    kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget | kRightPathRenameSource |
    kRightPathRenameTarget | kRightPathFilestatSetSize | kRightPathFilestatSetTimes |
    kRightFdFilestatSetSize | kRightFdFilestatSetTimes | kRightPathSymlink | kRightPathRemoveDirectory |
    kRightPathUnlinkFile;

constexpr Rights kDirRightsRw =
    kRightFdFdstatSetFlags | kRightFdSync | kRightFdDatasync | kRightPathCreateDirectory |
    kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget | kRightPathOpen | kRightFdReaddir |
    kRightPathReadlink | kRightPathRenameSource | kRightPathRenameTarget | kRightPathFilestatGet |
    kRightPathFilestatSetSize | kRightPathFilestatSetTimes | kRightFdFilestatGet |
    kRightFdFilestatSetTimes | kRightPathSymlink | kRightPathRemoveDirectory | kRightPathUnlinkFile;
constexpr Rights kDirRightsRo = kDirRightsRw & ~kMutatingRights;

constexpr Rights kFileRightsRw =
    kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags | kRightFdSync | kRightFdTell |
    kRightFdWrite | kRightFdAdvise | kRightFdAllocate | kRightFdFilestatGet | kRightFdFilestatSetSize |
    kRightFdFilestatSetTimes | kRightPollFdReadwrite;
constexpr Rights kFileRightsRo = kFileRightsRw & ~kMutatingRights;

// Rights that need the host file opened for writing.
constexpr Rights kWriteIntentRights = kRightFdWrite | kRightFdAllocate | kRightFdFilestatSetSize;
// Rights that need it opened for reading.
constexpr Rights kReadIntentRights = kRightFdRead | kRightFdReaddir;

// stdio: never seekable (isatty() in wasi-libc relies on that) and never truncatable.
constexpr Rights kStdinRights = kRightFdRead | kRightFdFdstatSetFlags | kRightFdFilestatGet | kRightPollFdReadwrite;
constexpr Rights kStdoutRights =
    kRightFdWrite | kRightFdFdstatSetFlags | kRightFdFilestatGet | kRightPollFdReadwrite | kRightFdDatasync |
    kRightFdSync;

constexpr Rights kSocketRights = kRightFdRead | kRightFdWrite | kRightFdFdstatSetFlags | kRightFdFilestatGet |
                                 kRightPollFdReadwrite | kRightSockShutdown;
constexpr Rights kListenerRights =
    kRightSockAccept | kRightFdFdstatSetFlags | kRightFdFilestatGet | kRightPollFdReadwrite;

}  // namespace cella::wasi
