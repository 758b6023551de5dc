// `--set` overrides change exactly the value they name, are checked by the same schema, and are
// recorded as the value's origin.
#include <set>

#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/overrides.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

const std::string kTx1 = test::repo_path("hwdesc/boards/jetson-tx1.yaml");

std::string error_of(const std::vector<std::string>& overrides) {
  try {
    hwdesc::load_platform(kTx1, overrides);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

// Every resolved value is equal in the two loads except the ones listed.
void expect_only_changed(const hwdesc::ResolvedValues& before, const hwdesc::ResolvedValues& after,
                         const std::set<std::string>& changed) {
  ASSERT_EQ(before.size(), after.size());
  for (const auto& [path, value] : before) {
    const auto& other = after.at(path);
    if (changed.count(path)) {
      EXPECT_NE(value.number, other.number) << path;
    } else {
      EXPECT_EQ(value.number, other.number) << path;
      EXPECT_EQ(value.text, other.text) << path;
    }
  }
}

TEST(Overrides, ChangeExactlyTheNamedValue) {
  const auto base = hwdesc::load_platform(kTx1);
  const auto changed = hwdesc::load_platform(kTx1, {"gpu.l2.size=1MiB"});
  EXPECT_EQ(changed.platform.hardware<Gpu>("gpu").l2.size_bytes, 1 << 20);
  expect_only_changed(base.values, changed.values, {"gpu.l2.size"});
  const auto& origin = changed.values.at("gpu.l2.size").origin;
  EXPECT_EQ(origin.kind, hwdesc::Origin::Kind::Override);
  EXPECT_EQ(origin.to_string(), "--set gpu.l2.size=1MiB");
}

TEST(Overrides, SeveralApplyInOrderAndTheLastWins) {
  const auto p = hwdesc::load_platform(
      kTx1, {"gpu.sm_count=4", "memory.bandwidth=51.2GB/s", "gpu.sm_count=8"});
  EXPECT_EQ(p.platform.hardware<Gpu>("gpu").sm_count, 8);
  EXPECT_DOUBLE_EQ(p.platform.memory.bandwidth_bytes_per_s, 51.2e9);
  EXPECT_EQ(p.values.at("memory.bandwidth").origin.kind, hwdesc::Origin::Kind::Override);
}

TEST(Overrides, UnknownKeyIsRejectedWithSuggestion) {
  const std::string e = error_of({"gpu.l2.siz=1MiB"});
  EXPECT_NE(e.find("--set gpu.l2.siz=1MiB"), std::string::npos) << e;
  EXPECT_NE(e.find("gpu.l2.siz"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'size'"), std::string::npos) << e;
}

TEST(Overrides, BadValueIsCheckedByTheSchema) {
  const std::string e = error_of({"gpu.clock=fast"});
  EXPECT_NE(e.find("--set gpu.clock=fast: gpu.clock: expected a number"), std::string::npos) << e;
  EXPECT_NE(error_of({"gpu.l2.line=100B"}).find("power of two"), std::string::npos);
  EXPECT_NE(error_of({"cpu.cores=0"}).find("greater than zero"), std::string::npos);
}

TEST(Overrides, MalformedTextIsRejected) {
  EXPECT_THROW(hwdesc::parse_override("gpu.l2.size"), UserError);
  EXPECT_THROW(hwdesc::parse_override("gpu..size=1MiB"), UserError);
  EXPECT_THROW(hwdesc::parse_override("gpu.l2.size="), UserError);
  const auto o = hwdesc::parse_override(" gpu.l2.size = 1 MiB ");
  EXPECT_EQ(o.path, (std::vector<std::string>{"gpu", "l2", "size"}));
  EXPECT_EQ(o.value, "1 MiB");
}

TEST(Overrides, CannotDescendIntoAValue) {
  EXPECT_NE(error_of({"gpu.clock.mhz=5"}).find("not a mapping"), std::string::npos);
}

// Found by fuzz_hwdesc: a document that is a bare scalar has no parent key to name.
TEST(Overrides, OnADocumentThatIsNotAMappingNameTheDocument) {
  try {
    hwdesc::load_platform_from_text("just a scalar\n", "scalar.yaml", {"gpu.clock=1GHz"});
    FAIL() << "accepted a scalar document";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("the document is a scalar, not a mapping"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace augur

namespace augur::hwdesc {
namespace {

// A patch of an already validated value, as a sweep makes one per --vary value.
ValuePatch patch_of(const LoadedPlatform& board, const std::string& path, double number, const std::string& text) {
  ValuePatch p{path, board.values.at(path), path + "=" + text};
  p.value.number = number;
  p.value.text = text;
  return p;
}

TEST(PatchedPlatform, IsWithValuesPlatformAndGivesItsScratchBack) {
  // A sweep point's Platform without a copy of the values: derived values (the memory's peak
  // bandwidth from its data rate) follow the patch, the scratch is the base's again afterwards,
  // also after a patch the consistency checks refuse.
  const LoadedPlatform base = load_platform(test::repo_path("hwdesc/boards/jetson-tx1.yaml"));
  ResolvedValues scratch;
  const std::vector<ValuePatch> patches{patch_of(base, "memory.data_rate", 800e6, "800 MT/s"),
                                        patch_of(base, "gpu.l2.size", 1 << 20, "1 MiB")};
  const Platform fast = patched_platform(base, patches, scratch);
  const Platform slow = with_values(base, patches).platform;
  EXPECT_EQ(fast.memory.bandwidth_bytes_per_s, slow.memory.bandwidth_bytes_per_s);
  EXPECT_NE(fast.memory.bandwidth_bytes_per_s, base.platform.memory.bandwidth_bytes_per_s);
  EXPECT_EQ(fast.hardware<Gpu>("gpu").l2.size_bytes, slow.hardware<Gpu>("gpu").l2.size_bytes);
  EXPECT_EQ(fast.find("gpu")->runtime_file, base.platform.find("gpu")->runtime_file);
  const ResolvedValues before = scratch;
  EXPECT_THROW(patched_platform(base, {patch_of(base, "gpu.l2.size", 1024, "1 KiB")}, scratch), UserError);
  ASSERT_EQ(scratch.size(), before.size());
  EXPECT_EQ(scratch.at("gpu.l2.size").number, before.at("gpu.l2.size").number);
  EXPECT_EQ(patched_platform(base, {}, scratch).memory.bandwidth_bytes_per_s, base.platform.memory.bandwidth_bytes_per_s);
}

}  // namespace
}  // namespace augur::hwdesc
