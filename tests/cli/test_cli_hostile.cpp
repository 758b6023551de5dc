// Hostile inputs of issue 15: full disks, devices and FIFOs as inputs, numbers that are not
// numbers, names that are not text. Each gives exit 2 with one line, or a correct result; never
// exit 3, a hang, a truncated file with exit 0, or a NaN.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

const std::string kSimulate = "simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt ";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// Exit 2 with exactly one line on stderr that contains `expected`.
void expect_user_error(const CliResult& r, const std::string& expected) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
}

TEST(CliHostile, OutputToAFullDiskIsAnErrorForEveryOutput) {
  expect_user_error(run_augur(kSimulate + "--out /dev/full"), "--out /dev/full: cannot be written");
  expect_user_error(run_augur(kSimulate + "--format json --out /dev/full"), "--out /dev/full: cannot be written");
  expect_user_error(run_augur(kSimulate + "--timeline /dev/full"), "--timeline /dev/full: cannot be written");
  expect_user_error(run_augur("sweep merge --out /dev/full tests/data/no_such.csv"), "no sweep definition");
}

TEST(CliHostile, AFailedRunLeavesTheOldOutputFileUntouched) {
  const ScratchDir d;
  write(d.file("result.csv"), "old\n");
  const auto r = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net " + d.file("missing.prototxt") +
                           " --out " + d.file("result.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(slurp(d.file("result.csv")), "old\n");  // not truncated by opening it early
  expect_user_error(run_augur(kSimulate + "--out " + d.file("no/such/dir.csv")), "cannot be written");
  // A successful run replaces it whole, and no temp file is left beside it.
  ASSERT_EQ(run_augur(kSimulate + "--format csv --out " + d.file("result.csv")).exit_code, 0);
  EXPECT_EQ(slurp(d.file("result.csv")).rfind("name,type,processor", 0), 0u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(d.path()), std::filesystem::directory_iterator()), 1);
}

TEST(CliHostile, DevicesAndFifosAsInputsAreRefusedNotReadForever) {
  const ScratchDir d;
  ASSERT_EQ(::mkfifo(d.file("fifo").c_str(), 0600), 0);
  for (const std::string flag : {"--records", "--budgets", "--traces ../shared/validation/traces --trace-manifest"}) {
    expect_user_error(run_augur("validate " + flag + " /dev/zero"), "not a regular file");
    expect_user_error(run_augur("validate " + flag + " " + d.file("fifo")), "not a regular file");
  }
  expect_user_error(run_augur("trace import /dev/zero"), "not a regular file");
  expect_user_error(run_augur("net show " + d.file("fifo")), "not a regular file");
  expect_user_error(run_augur("hw show " + d.file("fifo")), "not a regular file");
}

TEST(CliHostile, CaffeLogTimesMustBeFiniteAndNotNegative) {
  const ScratchDir d;
  for (const std::string time : {"nan", "-1.5", "inf", "1e999"}) {
    write(d.file("t.log"), "I1207 02:11:13.915462  4567 caffe.cpp:404]       conv1\tforward: " + time + " ms.\n");
    expect_user_error(run_augur("trace import " + d.file("t.log")), "expected a time in ms");
  }
}

TEST(CliHostile, DeepBenchRowsAreParsedStrictly) {
  const ScratchDir d;
  const std::string header = "m,n,k,a_t,b_t,time_ms\n";
  for (const std::string row : {"nan,16,16,N,N,1", "16,inf,16,N,N,1", "12abc,16,16,N,N,1",
                                 "9000000000000000000,9000000000000000000,9000000000000000000,N,N,1"}) {
    write(d.file("g.csv"), header + row + "\n");
    expect_user_error(run_augur("trace import " + d.file("g.csv")), "m, n and k must be whole numbers between 1 and 2^30");
  }
  for (const std::string time : {"nan", "inf", "1abc", "-2"}) {
    write(d.file("g.csv"), header + "16,16,16,N,N," + time + "\n");
    expect_user_error(run_augur("trace import " + d.file("g.csv")), "time_ms must be a finite number > 0");
  }
}

TEST(CliHostile, BudgetsThatAreNotNumbersAreRefused) {
  const ScratchDir d;
  for (const std::string percent : {"nan", "1abc", "inf", "-5"}) {
    write(d.file("b.csv"), "runtime,scope,max_abs_error_percent,note\ncaffe-cublas-gm20b,total," + percent + ",x\n");
    expect_user_error(run_augur("validate --budgets " + d.file("b.csv")), "is not a percentage");
  }
}

TEST(CliHostile, RecordValuesMustBeFinite) {
  const ScratchDir d;
  std::string records = slurp(std::string(AUGUR_SOURCE_DIR) + "/validation/records.csv");
  const auto first_row_end = records.find('\n', records.find('\n') + 1);
  records = records.substr(0, first_row_end + 1);
  const auto value = records.find(",318.7,");
  ASSERT_NE(value, std::string::npos);
  records.replace(value, 7, ",nan,");
  write(d.file("r.csv"), records);
  expect_user_error(run_augur("validate --records " + d.file("r.csv")), "value a finite number");
}

// Names with a quote, a newline, an escape sequence and invalid UTF-8.
TEST(CliHostile, NamesAreEscapedForJsonCsvAndTerminals) {
  const ScratchDir d;
  write(d.file("n.prototxt"),
        "name: \"bad\\xff\\x1b[2Jnet\"\n"
        "layer { name: \"data\" type: \"Input\" top: \"data\" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }\n"
        "layer { name: \"c,\\\"1\\n\\xc3\" type: \"Convolution\" bottom: \"data\" top: \"c\" "
        "convolution_param { num_output: 4 kernel_size: 3 } }\n");
  const auto json = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net " + d.file("n.prototxt") + " --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;  // was exit 3 (invalid UTF-8 in a JSON string)
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["layers"][1]["name"], "c,\"1\n\xEF\xBF\xBD");  // the invalid byte became U+FFFD
  const auto csv = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net " + d.file("n.prototxt") + " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find("\n\"c,\"\"1\n\xEF\xBF\xBD\",Convolution,"), std::string::npos) << csv.out;  // RFC 4180
  const auto table = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net " + d.file("n.prototxt"));
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.find('\x1b'), std::string::npos) << "an escape sequence reached the terminal";
  EXPECT_NE(table.out.find("bad\xEF\xBF\xBD\\x1b[2Jnet"), std::string::npos) << table.out;
  const auto net = run_augur("net show " + d.file("n.prototxt") + " --format json");
  ASSERT_EQ(net.exit_code, 0) << net.err;
  EXPECT_FALSE(nlohmann::json::parse(net.out, nullptr, false).is_discarded()) << net.out;
}

}  // namespace
}  // namespace augur::test
