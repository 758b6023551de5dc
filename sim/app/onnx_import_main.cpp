// augur-onnx-import: the helper process that imports ONNX models for the augur binary
// (sim/workload/onnx/onnx_helper_client.cpp starts it; users do not). It links libonnx, which the
// augur binary does not, and is itself the isolation for libonnx's shape inference (a crash ends
// this process; augur reports it as an error in the model).
//
//   augur-onnx-import [--batch N] [--dim NAME VALUE]... [--allow-unknown] (--file PATH | --stdin NAME)
//
// Writes one reply to stdout and exits 0: 'O' and the model (imported_model_codec.h), 'E' and a
// UserError's message, or 'I' and an InternalError's. Any other exit is a failure of the helper.
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <iterator>
#include <string>

#include "sim/core/error.h"
#include "sim/core/huge_page_heap.h"
#include "sim/core/strict_number.h"
#include "sim/workload/onnx/imported_model_codec.h"
#include "sim/workload/onnx/onnx_importer.h"

namespace {

using augur::InternalError;
using augur::onnx_import::ImportOptions;

// libonnx's shape inference has no time bound of its own; a malformed model must not hang augur.
constexpr unsigned kTimeLimitSeconds = 600;

void write_reply(char kind, const std::string& body) {
  std::string reply(1, kind);
  reply += body;
  size_t at = 0;
  while (at < reply.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, reply.data() + at, reply.size() - at);
    if (n <= 0) std::_Exit(1);
    at += static_cast<size_t>(n);
  }
}

std::int64_t integer_argument(const std::string& text, const char* what) {
  const auto v = augur::parse_integer(text, INT64_MIN, INT64_MAX);
  if (!v) throw InternalError(std::string("augur-onnx-import: ") + what + " '" + text + "' is not an integer");
  return *v;
}

}  // namespace

int main(int argc, char** argv) {
  ::alarm(kTimeLimitSeconds);
  augur::place_heap_on_huge_pages();  // the model and its protobuf message: ~1,500 pages touched
  try {
    ImportOptions options;
    options.shape_inference_in_child = false;  // this process is the child
    std::string file, stdin_name;
    for (int i = 1; i < argc; ++i) {
      const std::string word = argv[i];
      const auto value = [&](int k) -> std::string {
        if (i + k >= argc) throw InternalError("augur-onnx-import: " + word + " needs a value");
        return argv[i + k];
      };
      if (word == "--batch") {
        options.batch = integer_argument(value(1), "--batch");
        i += 1;
      } else if (word == "--dim") {
        options.dims[value(1)] = integer_argument(value(2), "--dim");
        i += 2;
      } else if (word == "--allow-unknown") {
        options.allow_unknown = true;
      } else if (word == "--file") {
        file = value(1);
        i += 1;
      } else if (word == "--stdin") {
        stdin_name = value(1);
        i += 1;
      } else {
        throw InternalError("augur-onnx-import: unknown argument '" + word + "' (it is started by augur)");
      }
    }
    augur::onnx_import::ImportedModel model;
    if (!file.empty()) {
      model = augur::onnx_import::import_onnx(file, options);
    } else if (!stdin_name.empty()) {
      const std::string bytes(std::istreambuf_iterator<char>(std::cin), {});
      model = augur::onnx_import::import_onnx_bytes(bytes, stdin_name, options);
    } else {
      throw InternalError("augur-onnx-import: neither --file nor --stdin given (it is started by augur)");
    }
    write_reply('O', augur::onnx_import::encode_imported_model(model));
  } catch (const augur::UserError& e) {
    write_reply('E', e.what());
  } catch (const std::exception& e) {
    write_reply('I', e.what());
  }
  return 0;
}
