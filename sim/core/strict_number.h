// Strict number parsing for every reader: the whole text must be the number, and it must be
// finite ("nan", "inf", "12abc", "" and overflowing values are refused).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace augur {

// A finite decimal number (leading/trailing spaces allowed, nothing else), or nullopt.
std::optional<double> parse_finite_number(std::string_view text);

// A whole number in [min, max] written in decimal (leading/trailing spaces allowed), or nullopt.
std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max);

}  // namespace augur
