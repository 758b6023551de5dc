// Every bad network description in tests/data/bad_prototxt is rejected with one UserError whose
// text contains each `# expect:` line of the fixture.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"
#include "tests/fixtures.h"

namespace augur {
namespace {

class BadNetworkDescription : public ::testing::TestWithParam<std::string> {};

TEST_P(BadNetworkDescription, IsRejectedWithLocationAndReason) {
  const std::string path = test::repo_path("tests/data/bad_prototxt/" + GetParam());
  const auto expected = test::fixture_expectations(path);
  ASSERT_FALSE(expected.empty()) << "fixture has no '# expect:' line";
  try {
    load_network(path);
    FAIL() << "accepted " << GetParam();
  } catch (const UserError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    for (const auto& part : expected) {
      EXPECT_NE(message.find(part), std::string::npos) << "expected '" << part << "' in: " << message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadNetworkDescription, ::testing::ValuesIn(test::fixture_files("bad_prototxt", ".prototxt")),
                         [](const auto& info) { return test::fixture_test_name(info.param); });

TEST(BadNetworkDescription, NestingTenThousandDeepIsRefused) {
  std::string text = "name: \"deep\"\nlayer { name: \"x\" type: \"Input\" top: \"d\" input_param { ";
  for (int i = 0; i < 10000; ++i) text += "shape { ";
  EXPECT_THROW(load_network_from_prototxt_text(text, "deep.prototxt"), UserError);
}

TEST(BadNetworkDescription, ZeroBatchIsRefused) {
  EXPECT_THROW(load_network(test::repo_path("workloads/caffe/alexnet.prototxt"), NetworkOptions::with_batch(0)),
               UserError);
}

}  // namespace
}  // namespace augur
