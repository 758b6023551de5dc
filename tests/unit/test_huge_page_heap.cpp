// The heap on transparent huge pages (sim/core/huge_page_heap.h): after the call, fresh heap
// blocks lie in memory marked for huge pages. Where the kernel has transparent huge pages off, or
// under a sanitizer (its own allocator), there is nothing to check.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sim/core/huge_page_heap.h"

namespace augur {
namespace {

std::string read_file(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The smaps entry of the mapping that holds `address`: its "THPeligible" value, or -1.
int thp_eligible_at(std::uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> from >> dash >> to && dash == '-') {
      inside = from <= address && address < to;
    } else if (inside && line.rfind("THPeligible:", 0) == 0) {
      return std::stoi(line.substr(std::strlen("THPeligible:")));
    }
  }
  return -1;
}

TEST(HugePageHeap, BlocksAllocatedAfterItLieInMemoryMarkedForHugePages) {
  if (!huge_page_heap_built()) GTEST_SKIP() << "not Linux with glibc's allocator (or a sanitizer's allocator)";
  const std::string thp = read_file("/sys/kernel/mm/transparent_hugepage/enabled");
  if (thp.empty() || thp.find("[never]") != std::string::npos) GTEST_SKIP() << "transparent huge pages are off";
  ASSERT_TRUE(place_heap_on_huge_pages());
  EXPECT_FALSE(place_heap_on_huge_pages()) << "a second call changes nothing";
  // Blocks larger than any freed before (a small one may reuse a freed chunk below the marked
  // range): from the marked heap, 8 MiB too (above glibc's default 128 KiB threshold for a mapping
  // of its own, below the 32 MiB the call sets).
  for (const std::size_t bytes : {std::size_t{256} << 10, std::size_t{8} << 20}) {
    void* block = std::malloc(bytes);
    ASSERT_NE(block, nullptr);
    std::memset(block, 1, bytes);
    EXPECT_EQ(thp_eligible_at(reinterpret_cast<std::uintptr_t>(block)), 1) << bytes << " bytes";
    std::free(block);
  }
}

}  // namespace
}  // namespace augur
