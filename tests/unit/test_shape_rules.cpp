// Caffe's shape rules, one formula at a time.
#include <gtest/gtest.h>

#include "sim/workload/shape_inference.h"

namespace augur {
namespace {

TEST(ConvolutionShape, RoundsDown) {
  EXPECT_EQ(conv_output_dim(227, 11, 4, 0, 0, 1), 55);  // AlexNet conv1
  EXPECT_EQ(conv_output_dim(224, 7, 2, 3, 3, 1), 112);  // ResNet conv1: (224 + 6 - 7) / 2 + 1
  EXPECT_EQ(conv_output_dim(224, 3, 1, 1, 1, 1), 224);
}

TEST(ConvolutionShape, DilationWidensTheKernel) {
  EXPECT_EQ(conv_output_dim(7, 3, 1, 0, 0, 2), 3);  // extent 2 * (3 - 1) + 1 = 5
}

TEST(ConvolutionShape, KernelLargerThanPaddedInputGivesZero) {
  EXPECT_EQ(conv_output_dim(4, 7, 1, 1, 1, 1), 0);
}

TEST(PoolingShape, RoundsUpByDefault) {
  EXPECT_EQ(pool_output_dim(55, 3, 2, 0, 0, true), 27);    // AlexNet pool1
  EXPECT_EQ(pool_output_dim(112, 3, 2, 0, 0, true), 56);   // ResNet pool1: ceil(109 / 2) + 1
  EXPECT_EQ(pool_output_dim(112, 3, 2, 0, 0, false), 55);  // the same with FLOOR rounding
  EXPECT_EQ(pool_output_dim(13, 3, 2, 0, 0, true), 6);
}

TEST(PoolingShape, LastWindowMustStartInsideThePaddedInput) {
  // in 5, k 2, s 2, pad 1: ceil(5 / 2) + 1 = 4, but window 4 would start at 6 >= 5 + 1.
  EXPECT_EQ(pool_output_dim(5, 2, 2, 1, 1, true), 3);
  EXPECT_EQ(pool_output_dim(7, 3, 2, 1, 1, true), 4);  // (4 - 1) * 2 = 6 < 8: kept
}

TEST(DeconvolutionShape, InvertsConvolution) {
  EXPECT_EQ(deconv_output_dim(27, 4, 2, 1, 1, 1), 54);  // 2 * 26 + 4 - 2
}

}  // namespace
}  // namespace augur
