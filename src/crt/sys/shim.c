/**
 * s3transfer's own C glue for the AWS Common Runtime; see shim.h. Compiled by build.rs.
 */
#include "shim.h"

#include <aws/common/allocator.h>
#include <aws/common/error.h>

#include <stdarg.h>
#include <stdio.h>

int s3transfer_crt_logger_log(
    struct aws_logger *logger,
    enum aws_log_level log_level,
    aws_log_subject_t subject,
    const char *format,
    ...) {

    if (logger == NULL || logger->p_impl == NULL || format == NULL) {
        return aws_raise_error(AWS_ERROR_INVALID_ARGUMENT);
    }
    struct s3transfer_crt_log_sink *sink = logger->p_impl;
    if (sink->log == NULL) {
        return aws_raise_error(AWS_ERROR_INVALID_ARGUMENT);
    }

    char stack_buf[1024];
    va_list args;
    va_start(args, format);
    va_list retry_args;
    va_copy(retry_args, args);
    int needed = vsnprintf(stack_buf, sizeof(stack_buf), format, args);
    va_end(args);

    if (needed < 0) {
        va_end(retry_args);
        return aws_raise_error(AWS_ERROR_INVALID_ARGUMENT);
    }
    if ((size_t)needed < sizeof(stack_buf)) {
        va_end(retry_args);
        return sink->log(sink->user_data, log_level, subject, stack_buf, (size_t)needed);
    }

    struct aws_allocator *alloc = logger->allocator != NULL ? logger->allocator : aws_default_allocator();
    size_t size = (size_t)needed + 1;
    char *heap_buf = aws_mem_acquire(alloc, size);
    if (heap_buf == NULL) {
        va_end(retry_args);
        return AWS_OP_ERR;
    }
    int written = vsnprintf(heap_buf, size, format, retry_args);
    va_end(retry_args);
    int result;
    if (written < 0) {
        result = aws_raise_error(AWS_ERROR_INVALID_ARGUMENT);
    } else {
        size_t len = (size_t)written < size ? (size_t)written : size - 1;
        result = sink->log(sink->user_data, log_level, subject, heap_buf, len);
    }
    aws_mem_release(alloc, heap_buf);
    return result;
}
