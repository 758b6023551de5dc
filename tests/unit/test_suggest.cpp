// Specification of "did you mean" suggestions.
#include <gtest/gtest.h>

#include "sim/core/suggest.h"

namespace augur {
namespace {

TEST(Suggest, EditDistanceCountsSingleCharacterEdits) {
  EXPECT_EQ(edit_distance("size", "size"), 0u);
  EXPECT_EQ(edit_distance("sise", "size"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, ASwappedPairOfLettersIsOneEdit) {
  // Optimal string alignment: a transposition costs 1 (Levenshtein counts 2 substitutions).
  EXPECT_EQ(edit_distance("nmae", "name"), 1u);
  EXPECT_EQ(edit_distance("clokc", "clock"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  // Only adjacent letters, and each letter once: "ca" -> "abc" is 3 (no edit of a moved pair).
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);
  EXPECT_EQ(nearest("nmae", {"name", "model"}), "name");
  EXPECT_EQ(nearest("clokc", {"clock", "cores"}), "clock");
  EXPECT_EQ(nearest("lien", {"size", "line"}), "line");
}

TEST(Suggest, NearestKeyForATypo) {
  const std::vector<std::string> keys{"size", "associativity", "line", "latency"};
  EXPECT_EQ(nearest("sise", keys), "size");
  EXPECT_EQ(nearest("asociativity", keys), "associativity");
  EXPECT_EQ(nearest("latncy", keys), "latency");
}

TEST(Suggest, NothingWhenNoKeyIsClose) {
  const std::vector<std::string> keys{"size", "line"};
  EXPECT_EQ(nearest("bandwidth", keys), std::nullopt);
  EXPECT_EQ(did_you_mean("bandwidth", keys), "");
  // Short words need a close match: "MVN" is not a typo of "LRN".
  EXPECT_EQ(nearest("MVN", {"LRN", "ReLU"}), std::nullopt);
}

}  // namespace
}  // namespace augur
