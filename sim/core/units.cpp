// Parsing and formatting of quantities with units.
#include "sim/core/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <span>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur {
namespace {

struct UnitSpec {
  std::string_view symbol;
  double scale;  // multiply by this to get the base unit
};

// Accepted unit symbols per dimension (case-sensitive, no aliases beyond singular/plural).
constexpr std::array kByteUnits{
    UnitSpec{"B", 1.0},        UnitSpec{"KiB", 1024.0},          UnitSpec{"MiB", 1048576.0},
    UnitSpec{"GiB", 1073741824.0}, UnitSpec{"TiB", 1099511627776.0}, UnitSpec{"kB", 1e3},
    UnitSpec{"MB", 1e6},       UnitSpec{"GB", 1e9},              UnitSpec{"TB", 1e12}};
constexpr std::array kBitUnits{UnitSpec{"bit", 1.0}, UnitSpec{"bits", 1.0}};
constexpr std::array kFrequencyUnits{UnitSpec{"Hz", 1.0}, UnitSpec{"kHz", 1e3},
                                     UnitSpec{"MHz", 1e6}, UnitSpec{"GHz", 1e9}};
constexpr std::array kDataRateUnits{UnitSpec{"T/s", 1.0}, UnitSpec{"MT/s", 1e6},
                                    UnitSpec{"GT/s", 1e9}};
constexpr std::array kBandwidthUnits{
    UnitSpec{"B/s", 1.0},          UnitSpec{"kB/s", 1e3},          UnitSpec{"MB/s", 1e6},
    UnitSpec{"GB/s", 1e9},         UnitSpec{"TB/s", 1e12},         UnitSpec{"KiB/s", 1024.0},
    UnitSpec{"MiB/s", 1048576.0},  UnitSpec{"GiB/s", 1073741824.0}};
constexpr std::array kCycleUnits{UnitSpec{"cycle", 1.0}, UnitSpec{"cycles", 1.0}};
constexpr std::array kDurationUnits{UnitSpec{"ps", 1e-12}, UnitSpec{"ns", 1e-9},
                                    UnitSpec{"us", 1e-6}, UnitSpec{"ms", 1e-3},
                                    UnitSpec{"s", 1.0}};

template <typename Fn>
auto with_units(Dimension dimension, Fn&& fn) {
  switch (dimension) {
    case Dimension::Bytes: return fn(std::span<const UnitSpec>(kByteUnits));
    case Dimension::Bits: return fn(std::span<const UnitSpec>(kBitUnits));
    case Dimension::Frequency: return fn(std::span<const UnitSpec>(kFrequencyUnits));
    case Dimension::DataRate: return fn(std::span<const UnitSpec>(kDataRateUnits));
    case Dimension::Bandwidth: return fn(std::span<const UnitSpec>(kBandwidthUnits));
    case Dimension::Cycles: return fn(std::span<const UnitSpec>(kCycleUnits));
    case Dimension::Duration: return fn(std::span<const UnitSpec>(kDurationUnits));
    case Dimension::Text:
    case Dimension::Count:
    case Dimension::Real: return fn(std::span<const UnitSpec>());
  }
  throw InternalError("unhandled Dimension");
}

std::string_view example_for(Dimension dimension) {
  switch (dimension) {
    case Dimension::Bytes: return "32 KiB";
    case Dimension::Bits: return "64 bit";
    case Dimension::Frequency: return "2.3 GHz";
    case Dimension::DataRate: return "3200 MT/s";
    case Dimension::Bandwidth: return "25.6 GB/s";
    case Dimension::Cycles: return "4 cycles";
    case Dimension::Duration: return "14 ns";
    case Dimension::Count: return "4";
    case Dimension::Real: return "1.5";
    case Dimension::Text: return "text";
  }
  return "";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits "25.6 GB/s" into the number (25.6) and the unit ("GB/s").
struct NumberAndUnit {
  double number;
  std::string_view unit;
};

NumberAndUnit split_number(std::string_view text, Dimension dimension) {
  const std::string_view s = trim(text);
  size_t end = 0;
  while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.' ||
                            s[end] == '-' || s[end] == '+' || s[end] == 'e' || s[end] == 'E')) {
    // 'e' belongs to the number only when followed by a digit or sign ("1e9", not "12 e").
    if ((s[end] == 'e' || s[end] == 'E') &&
        (end + 1 >= s.size() ||
         !(std::isdigit(static_cast<unsigned char>(s[end + 1])) || s[end + 1] == '-' ||
           s[end + 1] == '+'))) {
      break;
    }
    ++end;
  }
  const std::string_view number_text = s.substr(0, end);
  double number = 0.0;
  const auto [ptr, ec] =
      std::from_chars(number_text.data(), number_text.data() + number_text.size(), number);
  if (number_text.empty() || ec != std::errc() ||
      ptr != number_text.data() + number_text.size() || !std::isfinite(number)) {
    throw UserError(fmt::format("expected a number{} (e.g. {}), got '{}'",
                                dimension == Dimension::Count || dimension == Dimension::Real
                                    ? ""
                                    : " with a unit",
                                example_for(dimension), std::string(s)));
  }
  return {number, trim(s.substr(end))};
}

}  // namespace

std::string_view base_unit_name(Dimension dimension) {
  switch (dimension) {
    case Dimension::Bytes: return "B";
    case Dimension::Bits: return "bit";
    case Dimension::Frequency: return "Hz";
    case Dimension::DataRate: return "T/s";
    case Dimension::Bandwidth: return "B/s";
    case Dimension::Cycles: return "cycles";
    case Dimension::Duration: return "s";
    case Dimension::Text:
    case Dimension::Count:
    case Dimension::Real: return "";
  }
  return "";
}

std::string accepted_units(Dimension dimension) {
  return with_units(dimension, [&](std::span<const UnitSpec> units) {
    if (units.empty()) {
      return fmt::format("a plain number without a unit (e.g. {})", example_for(dimension));
    }
    std::string list;
    for (const auto& u : units) {
      list += (list.empty() ? "" : ", ") + std::string(u.symbol);
    }
    return fmt::format("one of {} (e.g. {})", list, example_for(dimension));
  });
}

double parse_quantity(std::string_view text, Dimension dimension) {
  if (dimension == Dimension::Text) {
    throw InternalError("parse_quantity called for a Text value");
  }
  const NumberAndUnit parsed = split_number(text, dimension);
  return with_units(dimension, [&](std::span<const UnitSpec> units) -> double {
    if (units.empty()) {
      if (!parsed.unit.empty()) {
        throw UserError(fmt::format("expected {}, got unit '{}'", accepted_units(dimension),
                                    std::string(parsed.unit)));
      }
      if (dimension == Dimension::Count && parsed.number != std::floor(parsed.number)) {
        throw UserError(fmt::format("expected a whole number, got '{}'", std::string(trim(text))));
      }
      return parsed.number;
    }
    if (parsed.unit.empty()) {
      throw UserError(fmt::format("missing unit in '{}': expected {}", std::string(trim(text)),
                                  accepted_units(dimension)));
    }
    for (const auto& u : units) {
      if (u.symbol == parsed.unit) {
        const double value = parsed.number * u.scale;
        if ((dimension == Dimension::Bytes || dimension == Dimension::Bits) &&
            value != std::floor(value)) {
          throw UserError(fmt::format("'{}' is not a whole number of {}", std::string(trim(text)),
                                      base_unit_name(dimension)));
        }
        return value;
      }
    }
    throw UserError(fmt::format("wrong unit '{}': expected {}", std::string(parsed.unit),
                                accepted_units(dimension)));
  });
}

std::string format_quantity(double value, Dimension dimension) {
  auto scaled = [&](std::span<const UnitSpec> ladder) {
    // Pick the largest unit that leaves a value >= 1 (binary for bytes when exact).
    const UnitSpec* best = &ladder.front();
    for (const auto& u : ladder) {
      if (std::fabs(value) >= u.scale) best = &u;
    }
    return fmt::format("{:g} {}", value / best->scale, best->symbol);
  };
  switch (dimension) {
    case Dimension::Bytes: {
      const std::array<UnitSpec, 5> binary{kByteUnits[0], kByteUnits[1], kByteUnits[2],
                                           kByteUnits[3], kByteUnits[4]};
      return scaled(binary);
    }
    case Dimension::Bits: return fmt::format("{:g} bit", value);
    case Dimension::Frequency: return scaled(kFrequencyUnits);
    case Dimension::DataRate: return scaled(kDataRateUnits);
    case Dimension::Bandwidth: {
      const std::array<UnitSpec, 5> decimal{kBandwidthUnits[0], kBandwidthUnits[1],
                                            kBandwidthUnits[2], kBandwidthUnits[3],
                                            kBandwidthUnits[4]};
      return scaled(decimal);
    }
    case Dimension::Cycles: return fmt::format("{:g} {}", value, value == 1 ? "cycle" : "cycles");
    case Dimension::Duration: return scaled(kDurationUnits);
    case Dimension::Count:
    case Dimension::Real: return fmt::format("{:g}", value);
    case Dimension::Text: return "";
  }
  return "";
}

}  // namespace augur
