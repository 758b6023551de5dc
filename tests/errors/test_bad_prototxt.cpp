// Every bad network description in tests/data/bad_prototxt is rejected with one UserError whose
// text contains each `# expect:` line of the fixture.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/workload/network.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

std::vector<std::string> fixtures() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(test::repo_path("tests/data/bad_prototxt"))) {
    if (e.path().extension() == ".prototxt") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> expectations(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  const std::string marker = "# expect: ";
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(marker, 0) == 0) out.push_back(line.substr(marker.size()));
  }
  return out;
}

class BadNetworkDescription : public ::testing::TestWithParam<std::string> {};

TEST_P(BadNetworkDescription, IsRejectedWithLocationAndReason) {
  const std::string path = test::repo_path("tests/data/bad_prototxt/" + GetParam());
  const auto expected = expectations(path);
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

INSTANTIATE_TEST_SUITE_P(Fixtures, BadNetworkDescription, ::testing::ValuesIn(fixtures()),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           for (auto& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(BadNetworkDescription, NestingTenThousandDeepIsRefused) {
  std::string text = "name: \"deep\"\nlayer { name: \"x\" type: \"Input\" top: \"d\" input_param { ";
  for (int i = 0; i < 10000; ++i) text += "shape { ";
  EXPECT_THROW(load_network_from_prototxt_text(text, "deep.prototxt"), UserError);
}

TEST(BadNetworkDescription, ZeroBatchIsRefused) {
  EXPECT_THROW(load_network(test::repo_path("workloads/caffe/alexnet.prototxt"), NetworkOptions{0}),
               UserError);
}

}  // namespace
}  // namespace augur
