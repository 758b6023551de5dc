// Helper programs the augur binary starts (augur-onnx-import, augur-fit): where they are.
#pragma once

#include <string>

namespace augur {

// The path of the helper program `name`: beside the running binary (the build tree), then in
// PREFIX/libexec/augur relative to it (an install moved to another prefix), then where
// `cmake --install` put it. Throws UserError naming every place looked in, and `needed_for`
// ("cannot import ONNX models"), when none has it.
std::string find_helper_program(const std::string& name, const std::string& needed_for);

}  // namespace augur
