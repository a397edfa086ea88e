/*
 * s3transfer.h: the C API of s3transfer, an Amazon S3 transfer manager (multipart uploads, ranged
 * parallel downloads, server-side copies, deletes). Link libs3transfer.a (see the README's
 * "Using it from C" for the link line, or `pkg-config --cflags --libs s3transfer`).
 *
 * Conventions
 *   - Every symbol starts with s3t_ / S3T_.
 *   - Functions that can fail return an int32_t status code: S3T_OK (0) or a negative S3T_ERR_*
 *     (enum s3t_status). s3t_last_error_message() is the message of the last failing call on the
 *     calling thread; s3t_status_name() names a code.
 *   - Handles (s3t_config, s3t_manager, s3t_future) are opaque; each has a *_free function.
 *   - Strings are NUL-terminated UTF-8 (else S3T_ERR_INVALID_UTF8), copied by the library; strings
 *     the library returns belong to it (see each function for how long they live).
 *
 * Bad input
 *   A NULL handle, string or out-pointer is S3T_ERR_NULL_ARGUMENT. A handle that was freed (or is
 *   not a handle of that type) is detected and returns S3T_ERR_INVALID_HANDLE, except when its
 *   address has since been reused by a new handle of the same type: using a freed handle is
 *   undefined behaviour in that case, so do not rely on the detection. Pointers that are not NULL
 *   but point to garbage (a bad extra_args array, a bad subscriber struct) cannot be detected.
 *   No library error crashes the process: internal failures are S3T_ERR_PANIC.
 *
 * Threads
 *   - s3t_manager: may be shared by any number of threads; s3t_upload/download/copy/delete may be
 *     called concurrently on one manager. s3t_manager_shutdown and s3t_manager_free block until
 *     transfers are done; s3t_manager_free must not race other calls on the same manager.
 *   - s3t_future: may be used from any thread, and by several threads at once (wait, done, status,
 *     result, cancel), except s3t_future_free, which must not race other calls on that future.
 *   - s3t_config: may be shared, but is meant to be set up by one thread before s3t_manager_new.
 *   - Subscriber callbacks run on the library's threads (see s3t_subscriber): keep them short, and
 *     never call s3t_future_wait, s3t_manager_shutdown or s3t_manager_free from one.
 *   - s3t_last_error_message is per thread.
 */


#ifndef S3TRANSFER_H
#define S3TRANSFER_H

/* Generated from src/capi by cbindgen (scripts/regen-header.sh). Do not edit by hand. */

#include <stddef.h>
#include <stdint.h>

// The most extra args one call takes (a larger `n_extra` is surely a wrong size).
#define S3T_MAX_EXTRA_ARGS 256

// Status codes returned by the `s3t_` functions. The values are stable: new codes may be added,
// existing ones never change. `S3T_OK` and `S3T_TIMEOUT` are not errors; every error is negative.
// `s3t_status_name()` gives the name of a code, `s3t_last_error_message()` the message of the last
// failing call on the calling thread.
enum s3t_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // Success.
    S3T_OK = 0,
    // `s3t_future_wait()`: the transfer is not done yet (it keeps running).
    S3T_TIMEOUT = 1,
    // A required pointer argument (handle, string, out-pointer) was NULL.
    S3T_ERR_NULL_ARGUMENT = -1,
    // A handle that is not live: already freed, or not a handle of the expected type.
    S3T_ERR_INVALID_HANDLE = -2,
    // A string argument is not valid UTF-8.
    S3T_ERR_INVALID_UTF8 = -3,
    // An invalid argument or configuration value: a disallowed extra-args key, a config field of
    // 0, an unknown enum value, an empty bucket, missing credentials... The message names it.
    S3T_ERR_INVALID_ARGUMENT = -4,
    // An internal error of the library (a Rust panic, caught before it could reach C).
    S3T_ERR_PANIC = -5,
    // The transfer was cancelled (`s3t_future_cancel()` or `s3t_manager_shutdown(m, 1)`).
    S3T_ERR_CANCELLED = -10,
    // The transfer was stopped by an error elsewhere: a subscriber callback that returned
    // non-zero, or a fatal shutdown. (Counts as a cancellation, as s3transfer's FatalError.)
    S3T_ERR_FATAL = -11,
    // An upload failed; the message names the file, bucket and key and the cause.
    S3T_ERR_S3_UPLOAD_FAILED = -12,
    // The object changed during a ranged download (ETag mismatch).
    S3T_ERR_S3_DOWNLOAD_FAILED = -13,
    // The copy source changed during a multipart copy (ETag mismatch).
    S3T_ERR_S3_COPY_FAILED = -14,
    // A ranged GET answered with a different range than requested.
    S3T_ERR_S3_VALIDATION = -15,
    // A download kept failing with retryable errors `num_download_attempts` times.
    S3T_ERR_RETRIES_EXCEEDED = -16,
    // S3 answered with an error: see `s3t_future_http_status()` and `s3t_future_s3_error_code()`.
    S3T_ERR_SERVICE = -17,
    // A transport failure (connection refused or reset, timeout, truncated body).
    S3T_ERR_NETWORK = -18,
    // An error of the AWS Common Runtime engine.
    S3T_ERR_CRT = -19,
    // A local I/O error (missing source file, unwritable destination...).
    S3T_ERR_IO = -20,
    // The manager was shut down; it accepts no more transfers.
    S3T_ERR_QUEUE_SHUTDOWN = -21,
    // `s3t_future_result()` on a transfer that is not done yet.
    S3T_ERR_TRANSFER_NOT_DONE = -22,
    // A subscriber that cannot be used.
    S3T_ERR_INVALID_SUBSCRIBER = -23,
    // A bandwidth-limiter request exceeded what is available (internal).
    S3T_ERR_REQUEST_EXCEEDED = -24,
    // A downloaded file did not match the object's stored checksum (`ChecksumMode=ENABLED`);
    // nothing was written at the destination.
    S3T_ERR_CHECKSUM_MISMATCH = -25,
    // An error this version of the C API has no code for (see the message).
    S3T_ERR_UNKNOWN = -99,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum s3t_status s3t_status;
#else
typedef int32_t s3t_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// `s3t_config_set_engine()`: which engine runs transfers.
enum s3t_engine
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // The CRT when this build has it and the request is one it handles, else classic (default).
    S3T_ENGINE_AUTO = 0,
    // The pure-Rust engine over aws-sdk-s3.
    S3T_ENGINE_CLASSIC = 1,
    // The AWS Common Runtime (aws-c-s3).
    S3T_ENGINE_CRT = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum s3t_engine s3t_engine;
#else
typedef int32_t s3t_engine;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// `s3t_config_set_checksum_calculation()`: when upload checksums are sent.
enum s3t_checksum_calculation
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // On every upload (default).
    S3T_CHECKSUM_WHEN_SUPPORTED = 0,
    // Only where S3 requires one or the caller passed checksum extra args.
    S3T_CHECKSUM_WHEN_REQUIRED = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum s3t_checksum_calculation s3t_checksum_calculation;
#else
typedef int32_t s3t_checksum_calculation;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// `s3t_config_set_checksum_algorithm()`: the default upload checksum algorithm.
enum s3t_checksum_algorithm
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // CRC32 (default).
    S3T_CHECKSUM_CRC32 = 0,
    // CRC32C.
    S3T_CHECKSUM_CRC32C = 1,
    // CRC64/NVME.
    S3T_CHECKSUM_CRC64NVME = 2,
    // SHA-1.
    S3T_CHECKSUM_SHA1 = 3,
    // SHA-256.
    S3T_CHECKSUM_SHA256 = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum s3t_checksum_algorithm s3t_checksum_algorithm;
#else
typedef int32_t s3t_checksum_algorithm;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// `s3t_future_status()`: the state of a transfer (s3transfer's status strings).
enum s3t_transfer_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // Created, not yet picked up.
    S3T_STATUS_NOT_STARTED = 0,
    // Picked up; `on_queued` runs in this state.
    S3T_STATUS_QUEUED = 1,
    // Requests are being made.
    S3T_STATUS_RUNNING = 2,
    // Cancelled (by the caller, a shutdown, or a fatal error).
    S3T_STATUS_CANCELLED = 3,
    // Failed with an error.
    S3T_STATUS_FAILED = 4,
    // Completed successfully.
    S3T_STATUS_SUCCESS = 5,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum s3t_transfer_status s3t_transfer_status;
#else
typedef int32_t s3t_transfer_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// A configuration: create with `s3t_config_new()`, set fields, pass to `s3t_manager_new()` (which
// copies it), free with `s3t_config_free()`.
typedef struct s3t_config s3t_config;

// The handle of one transfer, from `s3t_upload()`, `s3t_upload_buffer()`, `s3t_download()`,
// `s3t_download_stream()`, `s3t_copy()` or `s3t_delete()`. Free it with `s3t_future_free()` (which does not cancel the transfer).
typedef struct s3t_future s3t_future;

// A transfer manager: runs transfers on its own threads. Create with `s3t_manager_new()`, free
// with `s3t_manager_free()`.
typedef struct s3t_manager s3t_manager;

// One extra argument of a transfer: an S3 request parameter by its S3 API name, as boto3's
// `ExtraArgs` (`"ContentType"`, `"ServerSideEncryption"`, `"VersionId"`, ...), value as on the
// wire. User metadata is `"Metadata.<name>"` (e.g. key `"Metadata.origin"`, value `"camera-3"`).
// A key the operation does not allow is `S3T_ERR_INVALID_ARGUMENT`, the message naming it.
typedef struct s3t_extra_arg {
    // The parameter name (not NULL).
    const char *key;
    // Its value (not NULL).
    const char *value;
} s3t_extra_arg;

// Callbacks of one transfer, with a `user_data` pointer passed back to each. Every member may be
// NULL. The struct is copied by the start function; `user_data` must stay valid until the transfer
// is done: until `s3t_future_wait()` returned something other than `S3T_TIMEOUT`,
// `s3t_future_done()` returned 1, or `s3t_manager_shutdown()` / `s3t_manager_free()` returned.
//
// **Threads.** Callbacks run on the library's worker threads (the manager's runtime threads, or
// the CRT engine's event-loop threads), never concurrently for one transfer, but concurrently with
// the caller and with callbacks of other transfers: synchronise what they share. `on_done` may also
// run on the thread that calls `s3t_future_cancel()` or `s3t_manager_shutdown(m, 1)`. Callbacks
// must return quickly (they hold up the transfer's I/O) and must not call `s3t_future_wait()`,
// `s3t_manager_shutdown()` or `s3t_manager_free()` (that would deadlock).
typedef struct s3t_subscriber {
    // Called once when the transfer is queued, before any request. Return 0 to go on; any other
    // value stops the transfer with `S3T_ERR_FATAL` (the message names the callback and the value).
    int (*on_queued)(void *user_data);
    // Called as bytes move, with the number of bytes since the last call. A retried range reports
    // a negative delta; over a successful transfer the deltas add up to the object size. Return 0
    // to go on; any other value stops the transfer with `S3T_ERR_FATAL`.
    int (*on_progress)(void *user_data, int64_t bytes_delta);
    // Called exactly once when the transfer is done (after the destination is final), with the
    // transfer's status code (`S3T_OK` or an error code).
    void (*on_done)(void *user_data, int32_t status);
    // Passed back to every callback; never read by the library.
    void *user_data;
} s3t_subscriber;

// Fills `buf` with up to `len` bytes of an upload started with `s3t_upload_stream()`. Return the
// number of bytes written to `buf` (at most `len`; fewer is fine), 0 at the end of the data, or a
// negative value to stop the transfer with `S3T_ERR_IO` (the message names the value).
typedef int64_t (*s3t_read_fn)(void *user_data, void *buf, size_t len);

// Receives the next `len` bytes of a download started with `s3t_download_stream()`: the bytes of
// the object in order, each byte once. `data` is valid only during the call. Return 0 to go on;
// any other value stops the transfer with `S3T_ERR_IO` (the message names the value).
typedef int (*s3t_write_fn)(void *user_data, const void *data, size_t len);

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

// Creates a configuration with s3transfer's defaults (8 MiB threshold and part size, 10
// concurrent requests, engine AUTO, ...), no region (then `AWS_REGION`, else `us-east-1`), no
// endpoint (AWS's), virtual-hosted addressing, and no credentials (then the environment's).
// Returns `S3T_OK` and writes the handle to `*out_config`.
int32_t s3t_config_new(struct s3t_config **out_config);

// Frees a configuration. NULL is a no-op (returns `S3T_OK`); a handle that was already freed is
// `S3T_ERR_INVALID_HANDLE`. Managers created from it keep their own copy.
int32_t s3t_config_free(struct s3t_config *config);

// Size at or above which uploads go multipart and downloads/copies use ranged requests (bytes,
// default 8 MiB). Values of 0 here and in the other numeric setters are refused by
// `s3t_manager_new()` with a message naming the field.
int32_t s3t_config_set_multipart_threshold(struct s3t_config *config, uint64_t bytes);

// Part size in bytes (default 8 MiB; uploads and copies adjust it to S3's limits).
int32_t s3t_config_set_multipart_chunksize(struct s3t_config *config, uint64_t bytes);

// Maximum S3 requests in flight at once (default 10; boto3's `max_concurrency`).
int32_t s3t_config_set_max_request_concurrency(struct s3t_config *config, uint64_t value);

// Maximum transfers being planned at once (default 5).
int32_t s3t_config_set_max_submission_concurrency(struct s3t_config *config, uint64_t value);

// Maximum queued request tasks (default 1000; kept for parity with s3transfer).
int32_t s3t_config_set_max_request_queue_size(struct s3t_config *config, uint64_t value);

// Maximum queued submissions (default 1000; kept for parity with s3transfer).
int32_t s3t_config_set_max_submission_queue_size(struct s3t_config *config, uint64_t value);

// Maximum queued write tasks of downloads (default 1000; boto3's `max_io_queue`).
int32_t s3t_config_set_max_io_queue_size(struct s3t_config *config, uint64_t value);

// Read/write size on download bodies in bytes (default 256 KiB).
int32_t s3t_config_set_io_chunksize(struct s3t_config *config, uint64_t bytes);

// Attempts per GET stream on retryable network errors (default 5).
int32_t s3t_config_set_num_download_attempts(struct s3t_config *config, uint32_t value);

// Upload parts held in memory at once (default 10).
int32_t s3t_config_set_max_in_memory_upload_chunks(struct s3t_config *config, uint64_t value);

// Parts of a download to a non-seekable target held beyond the oldest unwritten one (default 10).
int32_t s3t_config_set_max_in_memory_download_chunks(struct s3t_config *config, uint64_t value);

// Bytes per second shared by all transfers of the manager; 0 means unlimited (the default).
int32_t s3t_config_set_max_bandwidth(struct s3t_config *config, uint64_t bytes_per_second);

// The engine: an `s3t_engine` value (`S3T_ENGINE_AUTO`, `S3T_ENGINE_CLASSIC`, `S3T_ENGINE_CRT`).
// Another value is `S3T_ERR_INVALID_ARGUMENT`.
int32_t s3t_config_set_engine(struct s3t_config *config, int32_t engine);

// When upload checksums are sent: an `s3t_checksum_calculation` value.
int32_t s3t_config_set_checksum_calculation(struct s3t_config *config, int32_t when);

// The default upload checksum algorithm: an `s3t_checksum_algorithm` value.
int32_t s3t_config_set_checksum_algorithm(struct s3t_config *config, int32_t algorithm);

// CRT engine: memory for part buffers in bytes (a whole number of MiB, at least 256 MiB; default
// 256 MiB).
int32_t s3t_config_set_crt_memory_limit(struct s3t_config *config, uint64_t bytes);

// CRT engine: the throughput its connection pool is sized for, in gigabits per second (default 5.0).
int32_t s3t_config_set_crt_throughput_target_gbps(struct s3t_config *config, double gbps);

// The region requests are signed for (e.g. `"eu-west-1"`). Unset: `AWS_REGION`, else `us-east-1`.
int32_t s3t_config_set_region(struct s3t_config *config, const char *region);

// The endpoint URL, e.g. `"http://127.0.0.1:9000"` for an S3-compatible server; NULL restores
// AWS's endpoint.
int32_t s3t_config_set_endpoint_url(struct s3t_config *config, const char *endpoint_url);

// Non-zero: path-style addressing (`http://host/bucket/key`), which an IP endpoint needs;
// 0 (default): virtual-hosted style (`http://bucket.host/key`).
int32_t s3t_config_set_force_path_style(struct s3t_config *config, int32_t force_path_style);

// Static credentials; `session_token` may be NULL. Without this call a manager takes
// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` from the environment when it
// is created. The strings are copied.
int32_t s3t_config_set_credentials(struct s3t_config *config,
                                   const char *access_key_id,
                                   const char *secret_access_key,
                                   const char *session_token);

// Waits until the transfer is done or `timeout_ms` milliseconds have passed (`timeout_ms < 0`
// waits without limit; 0 only checks). Returns `S3T_TIMEOUT` if it is not done (it keeps
// running), else the transfer's status code like `s3t_future_result()`: `S3T_OK` or its error
// (the message is then also `s3t_last_error_message()`). "Done" includes the `on_done` callback
// having returned. Do not call from a subscriber callback.
int32_t s3t_future_wait(struct s3t_future *future, int64_t timeout_ms);

// 1 if the transfer is done (and its `on_done` returned), 0 if not, or a negative error code for
// a bad handle.
int32_t s3t_future_done(const struct s3t_future *future);

// Cancels the transfer (a done transfer is unchanged). It ends with `S3T_ERR_CANCELLED` once its
// in-flight requests have stopped; a multipart upload is aborted, a partial download removed.
// Returns `S3T_OK` or an error code for a bad handle.
int32_t s3t_future_cancel(struct s3t_future *future);

// The transfer's state: an `s3t_transfer_status` value (>= 0), or a negative error code for a bad
// handle.
int32_t s3t_future_status(const struct s3t_future *future);

// The transfer's status code without waiting: `S3T_OK`, its error code, or
// `S3T_ERR_TRANSFER_NOT_DONE` while it runs (or an error code for a bad handle).
int32_t s3t_future_result(const struct s3t_future *future);

// The error message of a failed or cancelled transfer; NULL while it runs, after success, or for a
// bad handle. The string belongs to the future: valid until `s3t_future_free()`.
const char *s3t_future_error_message(const struct s3t_future *future);

// The HTTP status of S3's error answer (e.g. 404, 403), looking through wrapping errors; 0 if the
// transfer has not failed with one (or is not done), a negative error code for a bad handle.
int32_t s3t_future_http_status(const struct s3t_future *future);

// S3's error code (e.g. `"NoSuchKey"`, `"AccessDenied"`), looking through wrapping errors; NULL if
// none (or not done, or a bad handle). Valid until `s3t_future_free()`.
const char *s3t_future_s3_error_code(const struct s3t_future *future);

// The transfer's size in bytes (the file's for an upload, the object's for a download or copy):
// writes it to `*out_bytes` and returns 1 once it is known (at the latest when the transfer
// succeeded), 0 while it is not (`*out_bytes` untouched), or a negative error code for a bad
// handle or a NULL `out_bytes`.
int32_t s3t_future_size(const struct s3t_future *future, uint64_t *out_bytes);

// The object's ETag as the transfer saw it (downloads and copies; quoted, as S3 sends it), or NULL
// while it is not known, for an upload, or for a bad handle. Valid until `s3t_future_free()`.
const char *s3t_future_etag(const struct s3t_future *future);

// The engine running (or that ran) the transfer: `S3T_ENGINE_CLASSIC` or `S3T_ENGINE_CRT` once
// chosen, `S3T_ENGINE_AUTO` before (an `S3T_ENGINE_AUTO` manager decides per transfer when it
// starts), or a negative error code for a bad handle.
int32_t s3t_future_engine(const struct s3t_future *future);

// Frees the handle. The transfer is not cancelled: it runs on and its callbacks are still called.
// NULL is a no-op; a handle freed already is `S3T_ERR_INVALID_HANDLE`. Strings returned for this
// future become invalid.
int32_t s3t_future_free(struct s3t_future *future);

// Creates a manager from `config` (copied: the config may be freed or changed afterwards) and
// writes it to `*out_manager`. The configuration is validated here: a field of 0 or a CRT engine
// this build lacks is `S3T_ERR_INVALID_ARGUMENT`, the message naming the field. Missing credentials
// (neither set nor in the environment) are `S3T_ERR_INVALID_ARGUMENT` too.
int32_t s3t_manager_new(const struct s3t_config *config, struct s3t_manager **out_manager);

// Gets the manager ready for its first transfer and reports what would fail it: with a manager that
// may use the CRT engine (`S3T_ENGINE_CRT`, or AUTO), makes its CRT client (threads, TLS, the first
// credentials) and returns the error that stopped it, e.g. credentials that cannot be resolved.
// `S3T_OK` at once for a classic manager. Optional: otherwise the first CRT transfer makes the
// client and waits for it. Do not call from a callback.
int32_t s3t_manager_prepare(struct s3t_manager *manager);

// Stops accepting transfers (later starts fail with `S3T_ERR_QUEUE_SHUTDOWN`); if `cancel` is
// non-zero, cancels every unfinished transfer (they end with `S3T_ERR_CANCELLED`); then blocks until
// every transfer is done and its `on_done` returned. Failures of transfers are not reported here
// (see each future). Do not call from a subscriber callback.
int32_t s3t_manager_shutdown(struct s3t_manager *manager, int32_t cancel);

// Frees the manager: first waits, as `s3t_manager_shutdown(manager, 0)`, for unfinished transfers
// (call `s3t_manager_shutdown(manager, 1)` before to cancel them instead), then stops its threads
// and waits (at most 30 s) until they have exited, the CRT's included once no other manager uses
// it: the program may then exit or unload the library. After it returns no callback runs any
// more. Futures stay valid until freed. NULL is a no-op; a handle freed already is
// `S3T_ERR_INVALID_HANDLE`. Do not call from a subscriber callback.
int32_t s3t_manager_free(struct s3t_manager *manager);

// Uploads the file `filename` to `bucket`/`key` (boto3's `upload_file`). `extra_args` is an array
// of `n_extra` pairs (NULL when `n_extra` is 0), `subscriber` may be NULL. On `S3T_OK` the transfer
// runs and `*out_future` is its handle; argument errors (NULL, invalid UTF-8, a disallowed extra
// arg, a shut-down manager) are returned at once; everything else (a missing file, S3 errors) is
// reported by the future.
int32_t s3t_upload(struct s3t_manager *manager,
                   const char *filename,
                   const char *bucket,
                   const char *key,
                   const struct s3t_extra_arg *extra_args,
                   size_t n_extra,
                   const struct s3t_subscriber *subscriber,
                   struct s3t_future **out_future);

// Downloads `bucket`/`key` into the file `filename` (boto3's `download_file`): written to a
// temporary file beside it and renamed into place only on success. Arguments as `s3t_upload()`.
int32_t s3t_download(struct s3t_manager *manager,
                     const char *bucket,
                     const char *key,
                     const char *filename,
                     const struct s3t_extra_arg *extra_args,
                     size_t n_extra,
                     const struct s3t_subscriber *subscriber,
                     struct s3t_future **out_future);

// Uploads the `len` bytes at `data` to `bucket`/`key` (boto3's `upload_fileobj` from memory). The
// bytes are copied before this returns, so the buffer may be freed or reused at once; `data` may be
// NULL when `len` is 0. Runs on the CRT engine under `S3T_ENGINE_AUTO` (the length is known), as an
// upload of a file does. Other arguments as `s3t_upload()`.
int32_t s3t_upload_buffer(struct s3t_manager *manager,
                          const void *data,
                          size_t len,
                          const char *bucket,
                          const char *key,
                          const struct s3t_extra_arg *extra_args,
                          size_t n_extra,
                          const struct s3t_subscriber *subscriber,
                          struct s3t_future **out_future);

// Uploads the bytes `read(read_user_data, buf, len)` produces until it returns 0, to
// `bucket`/`key` (boto3's `upload_fileobj` with a non-seekable stream): the length need not be
// known; data of at least `multipart_threshold` bytes goes up in parts as it is read. `read` is
// called from a library thread of its own (so it may block), one call at a time; every call has
// returned before the transfer is done, and none follows (a cancel waits for a call in progress).
// `read_user_data` must stay valid until then. Like the subscriber callbacks, `read` must not
// call `s3t_future_wait()`, `s3t_manager_shutdown()` or `s3t_manager_free()`. At most
// `max_in_memory_upload_chunks` parts are held in memory. Runs on the classic engine: `S3T_ENGINE_CRT` refuses it with
// `S3T_ERR_INVALID_ARGUMENT`. Other arguments as `s3t_upload()`.
int32_t s3t_upload_stream(struct s3t_manager *manager,
                          s3t_read_fn read,
                          void *read_user_data,
                          const char *bucket,
                          const char *key,
                          const struct s3t_extra_arg *extra_args,
                          size_t n_extra,
                          const struct s3t_subscriber *subscriber,
                          struct s3t_future **out_future);

// Downloads `bucket`/`key` into a callback (boto3's `download_fileobj` with a non-seekable
// writer): `write(write_user_data, data, len)` receives the object's bytes in order, on one library
// thread at a time (a thread of its own, so it may block; while it blocks the download holds at
// most `max_in_memory_download_chunks` parts). Every call to `write` has returned before the
// transfer is done, and none follows. `write_user_data` must stay valid until then (as a
// subscriber's `user_data`); like the subscriber callbacks, `write` must not call
// `s3t_future_wait()`, `s3t_manager_shutdown()` or `s3t_manager_free()`. A retried range is fetched again but never passed twice. Runs on the
// classic engine: `S3T_ENGINE_CRT` refuses it with `S3T_ERR_INVALID_ARGUMENT`. Other arguments
// as `s3t_download()`.
int32_t s3t_download_stream(struct s3t_manager *manager,
                            const char *bucket,
                            const char *key,
                            s3t_write_fn write,
                            void *write_user_data,
                            const struct s3t_extra_arg *extra_args,
                            size_t n_extra,
                            const struct s3t_subscriber *subscriber,
                            struct s3t_future **out_future);

// Copies `source_bucket`/`source_key` (version `source_version_id`, or the latest when NULL) to
// `bucket`/`key` server-side (boto3's `copy`). Arguments as `s3t_upload()`.
int32_t s3t_copy(struct s3t_manager *manager,
                 const char *source_bucket,
                 const char *source_key,
                 const char *source_version_id,
                 const char *bucket,
                 const char *key,
                 const struct s3t_extra_arg *extra_args,
                 size_t n_extra,
                 const struct s3t_subscriber *subscriber,
                 struct s3t_future **out_future);

// Deletes `bucket`/`key` (boto3's `delete`). Arguments as `s3t_upload()`.
int32_t s3t_delete(struct s3t_manager *manager,
                   const char *bucket,
                   const char *key,
                   const struct s3t_extra_arg *extra_args,
                   size_t n_extra,
                   const struct s3t_subscriber *subscriber,
                   struct s3t_future **out_future);

// The message of the last failing `s3t_` call on the calling thread ("" if none failed yet).
// Successful calls leave it unchanged (like `errno`). The pointer stays valid until the next
// failing `s3t_` call on this thread; copy the text to keep it longer. Never NULL.
const char *s3t_last_error_message(void);

// The name of a status code (`"S3T_OK"`, `"S3T_ERR_NULL_ARGUMENT"`, ...), or
// `"S3T_UNKNOWN_STATUS"` for a value that is not one. A static string: never freed, never NULL.
const char *s3t_status_name(int32_t code);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* S3TRANSFER_H */
