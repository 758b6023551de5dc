// The core I/O helpers every reader and writer uses: whole-or-absent output files, the bounded
// input reader, strict numbers, RFC 4180 records and the escapers of names.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "sim/core/atomic_output.h"
#include "sim/core/csv.h"
#include "sim/core/error.h"
#include "sim/core/file_input.h"
#include "sim/core/strict_number.h"
#include "sim/core/text_escape.h"

namespace augur {
namespace {

class CoreIo : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(testing::TempDir()) / ("core_io_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  std::string slurp(const std::string& path) const {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  size_t entries() const {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator()));
  }
  std::filesystem::path dir_;
};

TEST_F(CoreIo, AnUncommittedOutputLeavesTheOldFileAndNoTempFile) {
  std::ofstream(file("out.csv")) << "old";
  {
    AtomicOutput out(file("out.csv"), "--out out.csv");
    out.write("new, but never committed");
  }  // e.g. an exception unwound past it
  EXPECT_EQ(slurp(file("out.csv")), "old");
  EXPECT_EQ(entries(), 1u);  // the temp file is gone
  write_file_atomically(file("out.csv"), "new");
  EXPECT_EQ(slurp(file("out.csv")), "new");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(CoreIo, AReplacedFileKeepsItsPermissions) {
  std::ofstream(file("script.sh")) << "old";
  ASSERT_EQ(::chmod(file("script.sh").c_str(), 0640), 0);
  write_file_atomically(file("script.sh"), "new");
  struct stat st {};
  ASSERT_EQ(::stat(file("script.sh").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(CoreIo, AFullDeviceIsAnErrorNamingTheFlag) {
  try {
    write_file_atomically("/dev/full", std::string(1 << 16, 'x'), "--out /dev/full");
    FAIL() << "a write to /dev/full succeeded";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("--out /dev/full: cannot be written", 0), 0u) << e.what();
  }
  EXPECT_THROW(write_file_atomically(file("no/such/dir/x"), "x"), UserError);
  EXPECT_THROW(write_file_atomically(dir_.string(), "x"), UserError);  // a directory
}

TEST_F(CoreIo, TheInputReaderRefusesWhatIsNotASmallRegularFile) {
  std::ofstream(file("big")) << std::string(100, 'x');
  EXPECT_EQ(read_input_file(file("big"), 100, "a test file").size(), 100u);
  EXPECT_THROW((void)read_input_file(file("big"), 99, "a test file"), UserError);  // 1 byte over the cap
  EXPECT_THROW((void)read_input_file("/dev/zero", 1 << 20, "a test file"), UserError);
  EXPECT_THROW((void)read_input_file(dir_, 1 << 20, "a test file"), UserError);
  ASSERT_EQ(::mkfifo(file("fifo").c_str(), 0600), 0);
  EXPECT_THROW((void)read_input_file(file("fifo"), 1 << 20, "a test file"), UserError);  // no writer: would block
}

TEST_F(CoreIo, TheLineReaderKnowsACutLastLineAndCapsLineLength) {
  std::ofstream(file("lines")) << "a\r\nbb\nccc";
  LineReader lines(file("lines"), "a test file");
  std::string line;
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line, "a");
  EXPECT_TRUE(lines.terminated());
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line, "bb");
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line, "ccc");
  EXPECT_FALSE(lines.terminated());  // no newline: the writer was cut off
  EXPECT_EQ(lines.line_number(), 3);
  EXPECT_FALSE(lines.next(line));
  std::ofstream(file("long")) << std::string(5000, 'x') << "\n";
  LineReader capped(file("long"), "a test file", 4096);
  EXPECT_THROW(capped.next(line), UserError);
}

TEST(StrictNumber, OnlyWholeFiniteNumbersParse) {
  EXPECT_EQ(parse_finite_number(" 12.5 "), 12.5);
  EXPECT_EQ(parse_finite_number("+1e3"), 1000.0);
  for (const char* bad : {"", "nan", "NaN", "inf", "-inf", "1abc", "12 ms", "1e999", "0x10", "1,5"}) {
    EXPECT_FALSE(parse_finite_number(bad).has_value()) << bad;
  }
  EXPECT_EQ(parse_integer("42", 1, 100), 42);
  EXPECT_FALSE(parse_integer("9000000000000000000000", 1, 1 << 30).has_value());  // overflow
  EXPECT_FALSE(parse_integer("0", 1, 100).has_value());
  EXPECT_FALSE(parse_integer("4.0", 1, 100).has_value());
}

TEST(Csv, QuotedFieldsMayHoldCommasQuotesAndLineBreaks) {
  const auto records = csv_records("a,b\n\"x,1\",\"say \"\"hi\"\"\nthere\"\n\nlast,row\r\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(split_csv_record(records[1].text), (std::vector<std::string>{"x,1", "say \"hi\"\nthere"}));
  EXPECT_EQ(records[2].line, 5);  // after the record that spans lines 2-3 and the empty line 4
  EXPECT_EQ(split_csv_record(records[2].text), (std::vector<std::string>{"last", "row"}));
}

TEST(TextEscape, InvalidUtf8BecomesTheReplacementCharacter) {
  EXPECT_EQ(valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");              // valid: unchanged
  EXPECT_EQ(valid_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");            // a stray byte
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");      // an overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(valid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");      // cut short
}

TEST(TextEscape, CsvFieldsAndTerminalText) {
  EXPECT_EQ(csv_field("conv1"), "conv1");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\"\n"), "\"say \"\"hi\"\"\n\"");
  EXPECT_EQ(terminal_text("a\nb\x1b[2J\t"), "a\\nb\\x1b[2J\\t");
}

}  // namespace
}  // namespace augur
