// RFC 4180 records for the CSV readers: quoted fields may hold commas, "" and line breaks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace augur {

// The fields of one record ("a,""b"",c" -> a, "b", c). A CR outside quotes is dropped.
std::vector<std::string> split_csv_record(std::string_view record);

// Whether `text` ends inside a quoted field (the record continues on the next line).
bool csv_record_open(std::string_view text);

// Splits a whole file's text into records (one per line, except that a line break inside quotes
// continues the record); empty lines are skipped. Each record carries its first line's number.
struct CsvRecord {
  int line = 0;
  std::string text;
};
std::vector<CsvRecord> csv_records(std::string_view text);

}  // namespace augur
