// The heap on transparent huge pages: see huge_page_heap.h.
#include "sim/core/huge_page_heap.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define AUGUR_HEAP_ON_HUGE_PAGES 1
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#undef AUGUR_HEAP_ON_HUGE_PAGES
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#undef AUGUR_HEAP_ON_HUGE_PAGES
#endif
#endif

namespace augur {

bool place_heap_on_huge_pages() {
#ifdef AUGUR_HEAP_ON_HUGE_PAGES
  static bool done = false;  // once: a second call would only add a filler
  if (done) return false;
  done = true;
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  // Address space only (pages come when touched); below kLargestHeapBlock, so that it comes from
  // the heap.
  constexpr std::size_t kReserve = std::size_t{24} << 20;
  constexpr int kLargestHeapBlock = 32 << 20;
  // Blocks up to 32 MiB from the heap; freed memory at its top kept (no shrinking and regrowing).
  if (mallopt(M_MMAP_THRESHOLD, kLargestHeapBlock) != 1 || mallopt(M_TRIM_THRESHOLD, 2 * kReserve) != 1) return false;
  // Where the heap's top chunk starts: a block larger than any freed one comes from there, and
  // returns to it when freed. glibc's chunk header is two words before the block.
  constexpr std::uintptr_t kHeader = 2 * sizeof(std::size_t);
  void* probe = std::malloc(std::size_t{64} << 10);
  if (probe == nullptr) return false;
  const auto top = reinterpret_cast<std::uintptr_t>(probe) - kHeader;
  std::free(probe);
  // The reserve: the heap grows to it once, and the block returns to the top chunk (which writes
  // only the top chunk's header, at `top`, and the one at the reserve's end).
  void* reserve = std::malloc(kReserve);
  if (reserve == nullptr) return false;
  std::free(reserve);
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // A filler chunk from `top` to 16 bytes short of a 2 MiB boundary, so that the top chunk's
  // header is written below the boundary and the first block above it starts on it: no page of
  // the huge range is touched before it is marked. (glibc: a request of n bytes takes a chunk of
  // n + 8 bytes rounded up to 16.) The filler is kept for the life of the process, untouched.
  std::uintptr_t boundary = (top + kHugePage - 1) & ~(kHugePage - 1);
  if (boundary - top < kHeader + 64) boundary += kHugePage;
  void* filler = std::malloc(boundary - kHeader - top - sizeof(std::size_t));
  if (filler == nullptr) return false;
  if (reinterpret_cast<std::uintptr_t>(filler) - kHeader != top) {
    std::free(filler);  // not from the top chunk after all: leave the heap as it is
    return false;
  }
  static void* const kept_filler = filler;  // reachable, so that a leak checker does not report it
  (void)kept_filler;
  // Whole 2 MiB pages from the boundary, short of the last (the reserve's end header touched it).
  const std::uintptr_t last = (end & ~(kHugePage - 1)) - kHugePage;
  if (last <= boundary) return false;
  return madvise(reinterpret_cast<void*>(boundary), last - boundary, MADV_HUGEPAGE) == 0;
#else
  return false;
#endif
}

bool huge_page_heap_built() {
#ifdef AUGUR_HEAP_ON_HUGE_PAGES
  return true;
#else
  return false;
#endif
}

}  // namespace augur
