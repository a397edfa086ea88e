/*
 * Bad input through the C API (run by tests/capi_example.rs): each case prints one line
 *   CASE <name> <status name> <message>
 * and the Rust test checks the documented code and message. Usage: bad_input ENDPOINT BUCKET DIR BIGFILE
 * (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; DIR is a scratch directory, BIGFILE a
 * multipart-sized file that is uploaded and cancelled at once).
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "s3transfer.h"

static void report(const char *name, int32_t rc, const char *message) {
    printf("CASE %s %s %s\n", name, s3t_status_name(rc), rc == S3T_OK ? "" : (message ? message : "(null)"));
    fflush(stdout);
}

#define CHECK(name, call) do { int32_t rc_ = (call); report(name, rc_, s3t_last_error_message()); } while (0)

/* How many of this process's threads are a manager's: its runtime ("s3transfer") or the CRT's
 * event loops, DNS resolvers and cleanup thread (Linux: names from /proc/self/task). */
static int manager_threads(void) {
    static const char *prefixes[] = {"s3transfer", "AwsEventLoop", "AwsHostResolver", "EvntLoopCleanup"};
    int n = 0;
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks) return -1;
    struct dirent *e;
    while ((e = readdir(tasks)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[300], name[64] = "";
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *comm = fopen(path, "r");
        if (!comm) continue;
        if (fgets(name, sizeof name, comm)) {
            for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
                if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) n++;
        }
        fclose(comm);
    }
    closedir(tasks);
    return n;
}

static int on_queued_refuse(void *user_data) {
    (void)user_data;
    return 7;
}

/* Runs a transfer to the end and reports its result code, error message, HTTP status, S3 code. */
static void outcome(const char *name, s3t_future *f) {
    int32_t rc = s3t_future_wait(f, 60 * 1000);
    const char *code = s3t_future_s3_error_code(f);
    printf("CASE %s %s %s | http=%d s3=%s\n", name, s3t_status_name(rc),
           s3t_future_error_message(f) ? s3t_future_error_message(f) : "", s3t_future_http_status(f),
           code ? code : "-");
    fflush(stdout);
    s3t_future_free(f);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s ENDPOINT BUCKET DIR BIGFILE\n", argv[0]);
        return 2;
    }
    const char *endpoint = argv[1], *bucket = argv[2], *dir = argv[3], *bigfile = argv[4];
    char missing[4096], target[4096];
    snprintf(missing, sizeof missing, "%s/no-such-file", dir);
    snprintf(target, sizeof target, "%s/never-written", dir);

    s3t_config *config = NULL;
    s3t_manager *manager = NULL;
    s3t_future *f = NULL;

    CHECK("config_new_null_out", s3t_config_new(NULL));
    CHECK("config_new", s3t_config_new(&config));
    CHECK("set_engine_unknown", s3t_config_set_engine(config, 42));
    CHECK("set_region_null", s3t_config_set_region(config, NULL));
    CHECK("set_endpoint_bad_scheme", s3t_config_set_endpoint_url(config, "ftp://example"));
    CHECK("set_threshold_null_config", s3t_config_set_multipart_threshold(NULL, 1));
    CHECK("set_endpoint", s3t_config_set_endpoint_url(config, endpoint));
    CHECK("set_path_style", s3t_config_set_force_path_style(config, 1));
    CHECK("set_chunksize_zero", s3t_config_set_io_chunksize(config, 0));
    CHECK("manager_new_zero_field", s3t_manager_new(config, &manager));
    CHECK("set_chunksize", s3t_config_set_io_chunksize(config, 256 * 1024));
    CHECK("manager_new_null_config", s3t_manager_new(NULL, &manager));
    CHECK("manager_new", s3t_manager_new(config, &manager));

    CHECK("upload_null_manager", s3t_upload(NULL, missing, bucket, "k", NULL, 0, NULL, &f));
    CHECK("upload_null_out", s3t_upload(manager, missing, bucket, "k", NULL, 0, NULL, NULL));
    CHECK("upload_null_key", s3t_upload(manager, missing, bucket, NULL, NULL, 0, NULL, &f));
    CHECK("upload_invalid_utf8", s3t_upload(manager, missing, bucket, "bad-\xff-key", NULL, 0, NULL, &f));
    s3t_extra_arg bogus[] = {{"ContentType", "text/plain"}, {"Bogus", "x"}};
    CHECK("upload_disallowed_extra_arg", s3t_upload(manager, missing, bucket, "k", bogus, 2, NULL, &f));
    CHECK("upload_extra_args_null_with_count", s3t_upload(manager, missing, bucket, "k", NULL, 3, NULL, &f));
    CHECK("upload_extra_args_wrong_size", s3t_upload(manager, missing, bucket, "k", bogus, (size_t)-1, NULL, &f));
    s3t_extra_arg null_value[] = {{"ContentType", NULL}};
    CHECK("upload_extra_arg_null_value", s3t_upload(manager, missing, bucket, "k", null_value, 1, NULL, &f));
    CHECK("download_disallowed_extra_arg", s3t_download(manager, bucket, "k", target, bogus, 1, NULL, &f));
    CHECK("upload_empty_bucket", s3t_upload(manager, missing, "", "k", NULL, 0, NULL, &f));

    /* Errors reported by the transfer itself. */
    if (s3t_upload(manager, missing, bucket, "k", NULL, 0, NULL, &f) == S3T_OK) outcome("upload_missing_file", f);
    if (s3t_download(manager, bucket, "no-such-key", target, NULL, 0, NULL, &f) == S3T_OK)
        outcome("download_missing_key", f);
    s3t_subscriber refuse = {on_queued_refuse, NULL, NULL, NULL};
    if (s3t_delete(manager, bucket, "k", NULL, 0, &refuse, &f) == S3T_OK) outcome("callback_returns_error", f);

    /* Cancelled at once: ends cancelled, leaves no object. */
    if (s3t_upload(manager, bigfile, bucket, "cancelled", NULL, 0, NULL, &f) == S3T_OK) {
        CHECK("cancel", s3t_future_cancel(f));
        outcome("cancelled_upload", f);
    }

    /* Freed handles. */
    CHECK("future_result_null", s3t_future_result(NULL));
    CHECK("delete_start", s3t_delete(manager, bucket, "k", NULL, 0, NULL, &f));
    CHECK("future_wait", s3t_future_wait(f, 60 * 1000));
    CHECK("future_size_null_out", s3t_future_size(f, NULL));
    int32_t engine = s3t_future_engine(f);
    report("future_engine_chosen", engine == S3T_ENGINE_CLASSIC || engine == S3T_ENGINE_CRT ? S3T_OK : engine, "");
    CHECK("future_free", s3t_future_free(f));
    CHECK("future_free_again", s3t_future_free(f));
    CHECK("future_wait_freed", s3t_future_wait(f, 0));
    /* C leaves argument order open: call first, then read the message the call left. */
    int32_t rc = s3t_future_done(f);
    report("future_done_freed", rc, s3t_last_error_message());
    report("future_error_message_freed", s3t_future_error_message(f) == NULL ? S3T_OK : S3T_ERR_UNKNOWN, "");
    uint64_t size = 0;
    CHECK("future_size_freed", s3t_future_size(f, &size));
    rc = s3t_future_engine(f);
    report("future_engine_freed", rc, s3t_last_error_message());
    report("future_etag_freed", s3t_future_etag(f) == NULL ? S3T_OK : S3T_ERR_UNKNOWN, "");
    CHECK("future_free_null", s3t_future_free(NULL));
    CHECK("manager_as_future", s3t_future_cancel((s3t_future *)manager));

    char count[32];
    snprintf(count, sizeof count, "%d threads", manager_threads());
    report("threads_before_free", manager_threads() > 0 ? S3T_OK : S3T_ERR_UNKNOWN, count);
    CHECK("shutdown", s3t_manager_shutdown(manager, 1));
    CHECK("upload_after_shutdown", s3t_upload(manager, missing, bucket, "k", NULL, 0, NULL, &f));
    CHECK("manager_free", s3t_manager_free(manager));
    /* s3t_manager_free returns once the manager's threads, the CRT's included, have exited. */
    snprintf(count, sizeof count, "%d threads", manager_threads());
    report("threads_after_free", manager_threads() == 0 ? S3T_OK : S3T_ERR_UNKNOWN, count);
    CHECK("upload_freed_manager", s3t_upload(manager, missing, bucket, "k", NULL, 0, NULL, &f));
    CHECK("manager_free_again", s3t_manager_free(manager));
    CHECK("config_free", s3t_config_free(config));
    CHECK("config_set_freed", s3t_config_set_region(config, "us-east-1"));
    printf("CASE status_name_unknown %s\n", s3t_status_name(12345));
    printf("END\n");
    return 0;
}
