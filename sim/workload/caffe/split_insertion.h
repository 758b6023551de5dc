// Caffe's InsertSplits: a blob read by more than one layer gets a Split layer right after its
// producer, with one top per reader ("<blob>_<producer>_<top>_split_<k>"), as Caffe's net
// initialisation does. Split tops count in Caffe's "Memory required for data".
#pragma once

#include <vector>

#include "sim/workload/layer.h"

namespace augur::caffe {

void insert_caffe_splits(std::vector<Layer>& layers);

}  // namespace augur::caffe
