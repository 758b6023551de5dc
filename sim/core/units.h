// Physical quantities written with their units ("32 KiB", "2.3 GHz", "25.6 GB/s", "4 cycles",
// "14 ns") parsed into plain numbers in base units. KiB/MiB/GiB are binary (1024^n), kB/MB/GB
// decimal (1000^n).
#pragma once

#include <string>
#include <string_view>

namespace augur {

// The dimension a value must have. Each has one base unit in which parsed values are returned.
enum class Dimension {
  Text,       // free text, no number
  Count,      // a whole number without a unit (cores, ways, registers)
  Real,       // a number without a unit (a ratio, a rate per cycle)
  Bytes,      // base unit: B
  Bits,       // base unit: bit
  Frequency,  // base unit: Hz
  DataRate,   // base unit: T/s (transfers per second)
  Bandwidth,  // base unit: B/s
  Cycles,     // base unit: cycle
  Duration,   // base unit: s
};

// Name of the base unit, as used in JSON output ("B", "Hz", "B/s", "" for Count/Real).
std::string_view base_unit_name(Dimension dimension);

// A human-readable list of accepted units, for error messages ("B, KiB, MiB, ... (e.g. 32 KiB)").
std::string accepted_units(Dimension dimension);

// Parses `text` as a quantity of `dimension` and returns it in the base unit.
// Throws UserError (without a location; the caller adds it) when the number or unit is missing,
// malformed, of the wrong dimension, or not a whole number where one is needed.
double parse_quantity(std::string_view text, Dimension dimension);

// Formats a base-unit value for people: 2097152 B -> "2 MiB", 1.734e9 Hz -> "1.734 GHz".
std::string format_quantity(double value, Dimension dimension);

}  // namespace augur
