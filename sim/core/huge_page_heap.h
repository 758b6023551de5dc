// The heap of a short process on transparent huge pages (issue 17).
//
// An `augur simulate` of ResNet-152 touches about 1.3 MB of heap for the first time, 4 KiB at a
// time: 324 page faults, at about 2 µs each on the 2-core VMs it is measured on (a tenth of the
// run). glibc's malloc can ask for huge pages itself (the tunable glibc.malloc.hugetlb=1), but a
// tunable is read from the environment before main, so the process sets up what it would have:
// the heap's top starts on a 2 MiB boundary (a filler block below it, never touched), a reserve
// of address space above it is marked MADV_HUGEPAGE, and blocks up to 32 MiB come from the heap
// (glibc maps larger ones on their own, 4 KiB pages again) and stay there when freed. A 2 MiB
// page then costs one fault and the zeroing of 2 MiB (about 50 µs), not 512 faults.
//
// Linux and glibc only; a no-op elsewhere, under the sanitizers (their allocator is not glibc's)
// and when transparent huge pages are off (`never`: madvise fails and nothing else changes).
#pragma once

namespace augur {

// Call once, early in main, before the work allocates. Returns whether the heap was set up.
bool place_heap_on_huge_pages();

// Whether this build can (Linux, glibc's allocator, no sanitizer): place_heap_on_huge_pages is a
// no-op returning false otherwise.
bool huge_page_heap_built();

}  // namespace augur
