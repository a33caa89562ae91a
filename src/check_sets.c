/* Checking many config sets (a manifest, --set groups) on several threads. Each set's check
 * is independent: its own arenas, trees and run; what the checks share is read-only (the
 * rule registry, the policy, the product list) or locked (the defaults cache). Runs land in
 * their set's slot, so the reports, written after every check, do not depend on timing. */
#include <pthread.h>
#include <stdatomic.h>

#include "uhp/alloc.h"
#include "uhp/check.h"
#include "uhp/policy.h"

/* What the threads of one uhp_check_sets call share. */
typedef struct sets_work {
    const uhp_check_opts *const *opts;
    uhp_run *runs;
    size_t n;
    const uhp_policy *policy;
    atomic_size_t next; /* the next set no thread has taken */
} sets_work;

/* Checks set I into its run, then applies the policy when the check could finish. */
static void sets_check_one(const sets_work *w, size_t i)
{
    uhp_run *run = &w->runs[i];
    int rc = uhp_check(w->opts[i], run);
    if (rc == 0 && !run->usage_error)
        uhp_policy_apply(w->policy, run);
}

/* Thread body: takes sets until none is left. Returns NULL. */
static void *sets_worker(void *arg)
{
    sets_work *w = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&w->next, 1);
        if (i >= w->n)
            return NULL;
        sets_check_one(w, i);
    }
}

size_t uhp_check_sets(const uhp_check_opts *const *opts, uhp_run *runs, size_t n,
                      const uhp_policy *policy, unsigned threads)
{
    for (size_t i = 0; i < n; i++)
        uhp_run_init(&runs[i]);
    sets_work w = {opts, runs, n, policy, 0};
    if (threads > n)
        threads = (unsigned)n;
    if (threads <= 1) {
        /* In order, stopping after a set that ran out of memory: that ends the run. A set
         * with a usage error (a stale --ha-instance, a bad CONFIG) costs only itself. */
        for (size_t i = 0; i < n; i++) {
            sets_check_one(&w, i);
            if (runs[i].out_of_memory)
                return i + 1;
        }
        return n;
    }
    pthread_t *ids = uhp_malloc((threads - 1) * sizeof *ids);
    unsigned started = 0;
    while (ids && started < threads - 1 &&
           pthread_create(&ids[started], NULL, sets_worker, &w) == 0)
        started++;
    sets_worker(&w); /* the calling thread works too; with no helper thread, alone */
    for (unsigned t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
    uhp_free(ids);
    return n;
}
