// Every bad hardware description in tests/data/bad_hw is rejected with one UserError whose text
// contains each `# expect:` line of the fixture (file:line:column, key path, what was expected).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/hwdesc/loader.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

std::vector<std::string> fixtures() {
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(test::repo_path("tests/data/bad_hw"))) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().filename().string());
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

class BadHardwareDescription : public ::testing::TestWithParam<std::string> {};

TEST_P(BadHardwareDescription, IsRejectedWithLocationKeyPathAndExpectation) {
  const std::string path = test::repo_path("tests/data/bad_hw/" + GetParam());
  const auto expected = expectations(path);
  ASSERT_FALSE(expected.empty()) << "fixture has no '# expect:' line";
  try {
    hwdesc::load_platform(path);
    FAIL() << "accepted " << GetParam();
  } catch (const UserError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    for (const auto& part : expected) {
      EXPECT_NE(message.find(part), std::string::npos)
          << "expected '" << part << "' in: " << message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadHardwareDescription, ::testing::ValuesIn(fixtures()),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (auto& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace augur
