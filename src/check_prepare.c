/* Rules' work done ahead (uhp_rule.prepare) on a second thread while the check runs the
 * rules before them: for a big configuration, the CPU the parser's thread used is free
 * again once the rules start. */
#include <pthread.h>
#include <string.h>

#include "check_internal.h"
#include "uhp/alloc.h"

/* The worker's own: reads the configuration, writes only ARENA and RESULT. */
static void *prepare_worker(void *arg)
{
    check_prepare *p = arg;
    if (uhp_config_may_have_templates(p->cfg))
        return NULL; /* a lookup could evaluate one: the rules build their work inline */
    for (size_t r = 0; r < p->n_rules && !p->nomem; r++)
        if (p->rules[r]->prepare)
            p->result[r] = p->rules[r]->prepare(p->cfg, &p->arena, &p->nomem);
    return NULL;
}

void check_prepare_start(check_prepare *p, const check_state *st, const uhp_rule *const *rules,
                         size_t n_rules)
{
    memset(p, 0, sizeof *p);
    uhp_arena_init(&p->arena);
    p->cfg = &st->cfg;
    p->rules = rules;
    p->n_rules = n_rules;
    /* Only for big inputs, and only when the check may use a second thread (0 with --jobs 1
     * or on one CPU). */
    size_t min = st->o->limits.prepare_thread_min, biggest = 0;
    for (size_t i = 0; i < st->cfg.n_layers; i++) {
        const uhp_doc *doc = st->cfg.layers[i];
        if (doc && doc->src && doc->src->len > biggest)
            biggest = doc->src->len;
    }
    bool any = false;
    for (size_t r = 0; r < n_rules; r++)
        any = any || rules[r]->prepare != NULL;
    if (!any || min == 0 || biggest < min || st->load_failed)
        return;
    p->result = uhp_calloc(n_rules, sizeof *p->result);
    if (!p->result)
        return;
    if (pthread_create(&p->thread, NULL, prepare_worker, p) == 0)
        p->running = true;
    else {
        uhp_free(p->result);
        p->result = NULL;
    }
}

const void *check_prepared(check_prepare *p, size_t r, bool *nomem)
{
    if (p->running) {
        pthread_join(p->thread, NULL);
        p->running = false;
    }
    if (p->nomem)
        *nomem = true;
    return p->result && !p->nomem ? p->result[r] : NULL;
}

void check_prepare_end(check_prepare *p)
{
    if (p->running) {
        pthread_join(p->thread, NULL);
        p->running = false;
    }
    uhp_free(p->result);
    p->result = NULL;
    uhp_arena_destroy(&p->arena);
}
