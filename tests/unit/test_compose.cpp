// `use:` composition: deep merge with the referencing file winning, paths relative to the file
// that says `use:`.
#include <gtest/gtest.h>

#include "sim/hwdesc/loader.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

TEST(Compose, ABoardCanStartFromAnotherBoardAndChangeOneNestedKey) {
  // tests/data/hw/tx1-big-l2.yaml: `use:` the TX1 board, then gpu.l2.size: 1 MiB.
  const auto loaded = hwdesc::load_platform(test::repo_path("tests/data/hw/tx1-big-l2.yaml"));
  EXPECT_EQ(loaded.platform.hardware<Gpu>("gpu").l2.size_bytes, 1 << 20);
  EXPECT_EQ(loaded.platform.hardware<Gpu>("gpu").l2.associativity, 16);  // still from gm20b.yaml
  EXPECT_EQ(loaded.platform.hardware<Gpu>("gpu").sm_count, 2);
  EXPECT_EQ(loaded.platform.name, "TX1 with a 1 MiB GPU L2 (test)");
}

TEST(Compose, TextInputCannotUseFilesButValidatesTheSame) {
  EXPECT_THROW(hwdesc::load_platform_from_text("name: x\n", "inline"), UserError);
}

}  // namespace
}  // namespace augur
