// `use:` composition: deep merge with the referencing file winning, paths relative to the file
// that says `use:`.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "sim/hwdesc/compose.h"
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

// 30 files, each using the next twice: 2^30 copies of the last one if composed naively (hours).
TEST(Compose, AChainThatUsesEachFileTwiceIsRefusedQuickly) {
  const auto dir = std::filesystem::path(testing::TempDir()) / ("compose_chain_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  constexpr int kLevels = 30;
  for (int i = 0; i < kLevels; ++i) {
    std::ofstream(dir / ("f" + std::to_string(i) + ".yaml"))
        << "a: {use: f" << i + 1 << ".yaml}\nb: {use: f" << i + 1 << ".yaml}\n";
  }
  std::ofstream(dir / ("f" + std::to_string(kLevels) + ".yaml")) << "x: 1\ny: 2\n";
  const auto start = std::chrono::steady_clock::now();
  try {
    (void)hwdesc::load_composed(dir / "f0.yaml");
    FAIL() << "an exponential composition was accepted";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds 1000000 nodes"), std::string::npos) << e.what();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0) << "bounded work: at most a million nodes are composed";
  std::filesystem::remove_all(dir);
}

// A diamond (two parts using one file) still composes: memoizing does not change the result.
TEST(Compose, AFileUsedTwiceComposesIntoBothPlaces) {
  const auto dir = std::filesystem::path(testing::TempDir()) / ("compose_diamond_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "top.yaml") << "a: {use: part.yaml, y: 3}\nb: {use: part.yaml}\n";
  std::ofstream(dir / "part.yaml") << "x: 1\ny: 2\n";
  const hwdesc::ConfigNode root = hwdesc::load_composed(dir / "top.yaml");
  ASSERT_NE(root.find("a"), nullptr);
  ASSERT_NE(root.find("b"), nullptr);
  EXPECT_EQ(root.find("a")->value.find("y")->value.scalar, "3");  // the user's value wins
  EXPECT_EQ(root.find("b")->value.find("y")->value.scalar, "2");  // the part's own value
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace augur
