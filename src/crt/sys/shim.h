/**
 * s3transfer's own C glue for the AWS Common Runtime (not vendored code; compiled by build.rs).
 *
 * The CRT's logger vtable takes a printf-style variadic `log` function, which stable Rust cannot
 * define. `s3transfer_crt_logger_log` is such a function: put it in `aws_logger_vtable.log`, point the
 * logger's `p_impl` at a `struct s3transfer_crt_log_sink`, and every log call is formatted here and
 * handed to `sink->log` as one NUL-terminated line.
 */
#ifndef S3TRANSFER_CRT_SHIM_H
#define S3TRANSFER_CRT_SHIM_H

#include <aws/common/logging.h>
#include <stddef.h>

/**
 * Receives one formatted log message. `message` is NUL-terminated and valid only during the call;
 * `message_len` excludes the NUL. Return AWS_OP_SUCCESS (0) or AWS_OP_ERR (-1).
 */
typedef int(s3transfer_crt_log_sink_fn)(
    void *user_data,
    enum aws_log_level log_level,
    aws_log_subject_t subject,
    const char *message,
    size_t message_len);

/** What `aws_logger.p_impl` must point to when the vtable's `log` is `s3transfer_crt_logger_log`. */
struct s3transfer_crt_log_sink {
    s3transfer_crt_log_sink_fn *log;
    void *user_data;
};

/**
 * An `aws_logger_vtable.log` implementation: formats `format` with the variadic arguments (vsnprintf)
 * and calls `((struct s3transfer_crt_log_sink *)logger->p_impl)->log`. Messages up to 1 KiB are
 * formatted on the stack; longer ones in memory from `logger->allocator` (or the default allocator).
 * Returns AWS_OP_ERR with AWS_ERROR_INVALID_ARGUMENT if the logger has no sink or the format fails.
 */
int s3transfer_crt_logger_log(
    struct aws_logger *logger,
    enum aws_log_level log_level,
    aws_log_subject_t subject,
    const char *format,
    ...);

#endif /* S3TRANSFER_CRT_SHIM_H */
