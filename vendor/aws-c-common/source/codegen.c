/**
 * Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.
 * SPDX-License-Identifier: Apache-2.0.
 */

/*
 * This file generates exportable implementations for inlineable functions.
 */

#define AWS_STATIC_IMPL AWS_COMMON_API

#include <aws/common/array_list.inl>
#include <aws/common/atomics.inl>
#include <aws/common/byte_order.inl>
#include <aws/common/clock.inl>
#include <aws/common/encoding.inl>
#include <aws/common/error.inl>
#include <aws/common/linked_list.inl>
#include <aws/common/math.inl>
#include <aws/common/ring_buffer.inl>
#include <aws/common/string.inl>
#include <aws/common/zero.inl>
