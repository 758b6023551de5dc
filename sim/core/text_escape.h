// Escaping of names that come from user files (layer, network, runtime names) for each output:
// valid UTF-8 for JSON, RFC 4180 fields for CSV, visible control characters for terminals.
#pragma once

#include <string>
#include <string_view>

namespace augur {

// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// One RFC 4180 CSV field: quoted (with "" for ") when it holds a comma, quote, CR or LF, or
// starts or ends with a space; otherwise as is. Invalid UTF-8 is replaced as in valid_utf8.
std::string csv_field(std::string_view text);

// For a terminal or a one-line message: valid UTF-8, control characters (newlines, escapes,
// DEL) written as \n, \t, \r or \xNN so a name cannot move the cursor or fake a line.
std::string terminal_text(std::string_view text);

}  // namespace augur
