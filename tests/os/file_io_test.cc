// tests/os/file_io_test.cc: ReadFile and ReadFileBytes return exactly a file's contents,
// whether stat knows its size (regular files, empty or larger than any one read) or not
// (/proc files, pipes), and name the path when it cannot be read.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>

#include "os/file_io.h"

namespace cella::os {
namespace {

class FileIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/cella-file-io-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { ASSERT_TRUE(RemoveTree(dir_).ok()); }
  std::string Write(const std::string& name, const std::string& data) {
    std::string path = dir_ + "/" + name;
    EXPECT_TRUE(WriteFileAtomic(path, data).ok());
    return path;
  }
  std::string dir_;
};

TEST_F(FileIoTest, ReadsRegularFilesOfEverySize) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{8191}, size_t{8192}, size_t{8193}, size_t{300000}}) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>(i * 131 + 7);
    std::string path = Write("f" + std::to_string(size), data);
    Result<std::string> text = ReadFile(path);
    ASSERT_TRUE(text.ok()) << text.error().ToString();
    EXPECT_EQ(*text, data) << size;
    Result<std::vector<uint8_t>> bytes = ReadFileBytes(path);
    ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
    EXPECT_EQ(std::string(bytes->begin(), bytes->end()), data) << size;
  }
}

TEST_F(FileIoTest, ReadsFilesWhoseSizeStatDoesNotTell) {
  Result<std::string> status = ReadFile("/proc/self/status");  // stat says 0 bytes
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_NE(status->find("Name:"), std::string::npos);
  EXPECT_EQ(status->back(), '\n');

  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string data(100000, 'p');
  std::thread writer([&] {
    for (size_t done = 0; done < data.size();) {
      ssize_t n = ::write(fds[1], data.data() + done, data.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  Result<std::vector<uint8_t>> bytes = ReadFileBytes("/proc/self/fd/" + std::to_string(fds[0]));
  writer.join();
  ::close(fds[0]);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_EQ(std::string(bytes->begin(), bytes->end()), data);
}

TEST_F(FileIoTest, NamesThePathItCannotRead) {
  Result<std::string> missing = ReadFile(dir_ + "/missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find(dir_ + "/missing"), std::string::npos) << missing.error().message;
  Result<std::vector<uint8_t>> directory = ReadFileBytes(dir_);
  ASSERT_FALSE(directory.ok());  // read(2) of a directory: EISDIR
  EXPECT_NE(directory.error().message.find(dir_), std::string::npos) << directory.error().message;
}

}  // namespace
}  // namespace cella::os
