// "Did you mean ...?" suggestions for misspelt names (keys, layer types, flags).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace augur {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// two adjacent characters each cost 1 ("clokc" is 1 from "clock"; Levenshtein would say 2).
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a plausible typo: distance at
// most max(1, |word|/3). Ties go to the earliest candidate. nullopt when nothing is close.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace augur
