// Markdown reference of the board schema (the key table of docs/hwdesc.md).
#pragma once

#include <string>

#include "sim/hwdesc/schema.h"

namespace augur::hwdesc {

// One table row per key: path, type/unit, required or default, meaning.
std::string schema_markdown(const SectionSchema& schema);

}  // namespace augur::hwdesc
