// import_onnx and import_onnx_bytes for the augur binary: the import runs in the augur-onnx-import
// helper (sim/app/onnx_import_main.cpp), which links libonnx; this process gets the layers back
// through a pipe (imported_model_codec.h). The augur binary therefore starts without loading
// libonnx, its shared protobuf and the shared C++ runtime, and a crash inside libonnx on a
// malformed model ends the helper, never the simulation.
#include <csignal>
#include <filesystem>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/helper_program.h"
#include "sim/core/subprocess.h"
#include "sim/workload/onnx/imported_model_codec.h"
#include "sim/workload/onnx/onnx_importer.h"

namespace augur::onnx_import {
namespace {

constexpr const char* kHelperName = "augur-onnx-import";

std::vector<std::string> helper_args(const ImportOptions& options) {
  std::vector<std::string> args;
  if (options.batch) args.insert(args.end(), {"--batch", std::to_string(*options.batch)});
  for (const auto& [name, value] : options.dims) args.insert(args.end(), {"--dim", name, std::to_string(value)});
  if (options.allow_unknown) args.emplace_back("--allow-unknown");
  return args;
}

ImportedModel run_helper(std::vector<std::string> args, const std::string& input, const std::string& display_name) {
  const std::string path = find_helper_program(kHelperName, "cannot import ONNX models");
  std::string reply;
  const ProgramResult result = run_program_capturing(path, args, input, reply);
  if (result.signal == SIGALRM) {  // the helper's own limit (alarm in onnx_import_main.cpp)
    throw UserError(fmt::format("{}: importing the model took longer than {}'s limit of 600 s; libonnx's shape "
                                "inference does not finish on this model",
                                display_name, kHelperName));
  }
  if (result.signal != 0) {
    throw UserError(fmt::format("{}: importing the model crashed libonnx 1.12 (signal {} in {}); the model is "
                                "malformed in a way ONNX does not check",
                                display_name, result.signal, kHelperName));
  }
  if (result.exit_code != 0 && reply.empty()) {  // died without a reply: a sanitizer build's report of a crash
    throw UserError(fmt::format("{}: importing the model failed inside libonnx 1.12 ({} ended with exit code {} "
                                "and no reply); the model is malformed in a way ONNX does not check",
                                display_name, kHelperName, result.exit_code));
  }
  if (result.exit_code != 0 || reply.empty()) {
    throw InternalError(fmt::format("{}: {} ended with exit code {} and {} bytes of reply", display_name, kHelperName,
                                    result.exit_code, reply.size()));
  }
  const char kind = reply[0];
  reply.erase(0, 1);
  if (kind == 'E') throw UserError(reply);
  if (kind == 'I') throw InternalError(reply);
  if (kind != 'O') throw InternalError(fmt::format("{}: {} replied with an unknown kind", display_name, kHelperName));
  return decode_imported_model(reply);
}

}  // namespace

ImportedModel import_onnx(const std::filesystem::path& file, const ImportOptions& options) {
  auto args = helper_args(options);
  args.insert(args.end(), {"--file", file.string()});
  return run_helper(std::move(args), {}, file.string());
}

ImportedModel import_onnx_bytes(const std::string& bytes, const std::string& display_name,
                                const ImportOptions& options) {
  auto args = helper_args(options);
  args.insert(args.end(), {"--stdin", display_name});
  return run_helper(std::move(args), bytes, display_name);
}

}  // namespace augur::onnx_import
