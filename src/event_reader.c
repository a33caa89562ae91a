/* libyaml's event parser, run inline or on a thread of its own (see event_reader.h).
 *
 * On a thread, the parser copies each event into a chunk (a small header, then the value
 * and anchor bytes) and frees the libyaml event itself, so every malloc and free of libyaml
 * stays on one thread, as in a plain parse. Full chunks go to the reader through a queue
 * under one mutex; the reader hands each chunk back when it moves on to the next, so a few
 * chunks are reused for the whole file and the pages they touch stay few. */
#include "event_reader.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "uhp/alloc.h"

#if defined(__GNUC__)
#define UHP_NOINLINE __attribute__((noinline))
#else
#define UHP_NOINLINE
#endif

/* Bytes of events per chunk: large enough that the hand-overs between the threads (a lock
 * and a wake-up each) are rare next to the parsing (docs/performance.md). */
#define READER_CHUNK_BYTES (512u * 1024u)
/* Chunks in use at once: the parser may run that many chunks ahead of the reader. */
#define READER_POOL 4

typedef struct reader_chunk {
    struct reader_chunk *next;
    size_t cap, used;
    alignas(max_align_t) unsigned char data[];
} reader_chunk;

/* The header of one event in a chunk; LEN bytes of value and ANCHOR_LEN bytes of anchor
 * follow, each NUL-terminated, then padding to the next header. */
typedef struct reader_record {
    size_t len;
    size_t anchor_len;
    uhp_pos start, end;
    uint8_t type, style, has_value, has_anchor, tag;
} reader_record;

typedef enum reader_status {
    READER_RUNNING = 0,
    READER_DONE,    /* the stream end was queued */
    READER_FAILED,  /* libyaml failed: the error is in err */
    READER_NOMEM,   /* a chunk could not be allocated */
    READER_STOPPED, /* the reader closed first */
} reader_status;

struct uhp_event_reader {
    const unsigned char *data;
    size_t len;
    bool threaded;

    /* libyaml's parser: the calling thread's when inline, else the parsing thread's alone. */
    yaml_parser_t parser;
    bool parser_live;
    /* Inline only: the event handed out last (deleted on the next call) and the failure. */
    yaml_event_t event;
    bool has_event;
    bool failed;
    /* libyaml's error; threaded, written by the parsing thread before it publishes
     * READER_FAILED under the lock, and read by the reader only after seeing it. */
    uhp_parse_error err;

    /* Threaded: everything below the mutex is shared. */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t filled; /* a chunk was queued, or the parser finished */
    pthread_cond_t freed;  /* a chunk was handed back, or the reader stops */
    reader_chunk *queue_head, *queue_tail;
    reader_chunk *free_chunks;
    size_t n_chunks; /* pooled chunks allocated (oversized ones are not pooled) */
    reader_status status;
    bool stop;
    /* The reader's own: the chunk it reads and where. */
    reader_chunk *current;
    size_t at;
};

static uhp_pos reader_pos(yaml_mark_t m)
{
    uhp_pos p = {(uint32_t)m.line + 1, (uint32_t)m.column + 1};
    return p;
}

/* Copies libyaml's error fields of P into *ERR. */
static void reader_copy_error(const yaml_parser_t *p, uhp_parse_error *err)
{
    err->error = p->error;
    err->problem = p->problem;
    err->problem_offset = p->problem_offset;
    err->problem_pos = reader_pos(p->problem_mark);
    err->context = p->context;
    err->context_line = p->context_mark.line;
}

uhp_tag uhp_tag_of(const char *tag)
{
    if (!tag || !strcmp(tag, "!") || !strcmp(tag, YAML_STR_TAG))
        return UHP_TAG_NONE;
    if (!strcmp(tag, YAML_INT_TAG))
        return UHP_TAG_INT;
    if (!strcmp(tag, YAML_BOOL_TAG))
        return UHP_TAG_BOOL;
    if (!strcmp(tag, YAML_NULL_TAG))
        return UHP_TAG_NULL;
    return UHP_TAG_OTHER;
}

/* The anchor of EV, or NULL. */
static const char *reader_anchor(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return (const char *)ev->data.scalar.anchor;
    case YAML_SEQUENCE_START_EVENT:
        return (const char *)ev->data.sequence_start.anchor;
    case YAML_MAPPING_START_EVENT:
        return (const char *)ev->data.mapping_start.anchor;
    case YAML_ALIAS_EVENT:
        return (const char *)ev->data.alias.anchor;
    default:
        return NULL;
    }
}

/* Sets up libyaml's parser over R's buffer; false when memory runs out. */
static bool reader_parser_init(uhp_event_reader *r)
{
    if (!yaml_parser_initialize(&r->parser))
        return false;
    yaml_parser_set_input_string(&r->parser, r->data, r->len);
    yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
    r->parser_live = true;
    return true;
}

/* --- threaded: the parser's side ------------------------------------------------------- */

/* Bytes a record of EV takes in a chunk, header and padding included. */
static size_t reader_record_size(const yaml_event_t *ev, const char *anchor)
{
    size_t n = sizeof(reader_record);
    if (ev->type == YAML_SCALAR_EVENT)
        n += ev->data.scalar.length + 1;
    if (anchor)
        n += strlen(anchor) + 1;
    return (n + alignof(reader_record) - 1) & ~(alignof(reader_record) - 1);
}

/* Queues chunk C for the reader. Called with the lock held. */
static void reader_queue(uhp_event_reader *r, reader_chunk *c)
{
    c->next = NULL;
    if (r->queue_tail)
        r->queue_tail->next = c;
    else
        r->queue_head = c;
    r->queue_tail = c;
    pthread_cond_signal(&r->filled);
}

/* Hands the parser's chunk C over: queued for the reader when it holds events, back to the
 * pool when empty; nothing when C is NULL. Called with the lock held. */
static void reader_hand_over(uhp_event_reader *r, reader_chunk *c)
{
    if (c && c->used)
        reader_queue(r, c);
    else if (c) {
        c->next = r->free_chunks;
        r->free_chunks = c;
    }
}

/* Returns a chunk with room for NEED bytes, waiting while every pooled chunk is in use;
 * NULL when the reader stops (r->stop) or memory runs out. Called with the lock held. */
static reader_chunk *reader_take_chunk(uhp_event_reader *r, size_t need)
{
    if (need <= READER_CHUNK_BYTES) {
        while (!r->free_chunks && r->n_chunks >= READER_POOL && !r->stop)
            pthread_cond_wait(&r->freed, &r->lock);
        if (r->stop)
            return NULL;
        if (r->free_chunks) {
            reader_chunk *c = r->free_chunks;
            r->free_chunks = c->next;
            c->used = 0;
            return c;
        }
        r->n_chunks++;
        need = READER_CHUNK_BYTES;
    }
    /* A new pooled chunk, or one that fits a single big event (not pooled). */
    reader_chunk *c = uhp_malloc(sizeof *c + need);
    if (!c) {
        if (need == READER_CHUNK_BYTES)
            r->n_chunks--;
        return NULL;
    }
    c->cap = need;
    c->used = 0;
    c->next = NULL;
    return c;
}

/* Writes EV (ANCHOR: its anchor or NULL; SIZE: reader_record_size) at the end of C. */
static void reader_put(reader_chunk *c, const yaml_event_t *ev, const char *anchor, size_t size)
{
    reader_record *rec = (reader_record *)(c->data + c->used);
    unsigned char *bytes = (unsigned char *)(rec + 1);
    rec->type = (uint8_t)ev->type;
    rec->style = 0;
    rec->tag = UHP_TAG_NONE;
    rec->has_value = ev->type == YAML_SCALAR_EVENT;
    rec->has_anchor = anchor != NULL;
    rec->start = reader_pos(ev->start_mark);
    rec->end = reader_pos(ev->end_mark);
    rec->len = 0;
    rec->anchor_len = 0;
    if (rec->has_value) {
        rec->style = (uint8_t)ev->data.scalar.style;
        rec->tag = (uint8_t)uhp_tag_of((const char *)ev->data.scalar.tag);
        rec->len = ev->data.scalar.length;
        if (rec->len)
            memcpy(bytes, ev->data.scalar.value, rec->len);
        bytes[rec->len] = '\0';
        bytes += rec->len + 1;
    }
    if (anchor) {
        rec->anchor_len = strlen(anchor);
        memcpy(bytes, anchor, rec->anchor_len + 1);
    }
    c->used += size;
}

/* The parsing thread: parses until the stream ends, libyaml fails, memory runs out or the
 * reader stops, and says which in r->status. */
static void *reader_thread(void *arg)
{
    uhp_event_reader *r = arg;
    reader_status status = READER_NOMEM;
    reader_chunk *c = NULL;
    bool live = reader_parser_init(r);
    while (live) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&r->parser, &ev)) {
            reader_copy_error(&r->parser, &r->err); /* published by the lock below */
            status = READER_FAILED;
            break;
        }
        const char *anchor = reader_anchor(&ev);
        size_t size = reader_record_size(&ev, anchor);
        if (!c || c->cap - c->used < size) {
            pthread_mutex_lock(&r->lock);
            reader_hand_over(r, c);
            c = reader_take_chunk(r, size);
            bool stop = r->stop;
            pthread_mutex_unlock(&r->lock);
            if (!c) {
                yaml_event_delete(&ev);
                status = stop ? READER_STOPPED : READER_NOMEM;
                break;
            }
        }
        reader_put(c, &ev, anchor, size);
        bool end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (end) {
            status = READER_DONE;
            break;
        }
    }
    if (r->parser_live) {
        yaml_parser_delete(&r->parser);
        r->parser_live = false;
    }
    pthread_mutex_lock(&r->lock);
    reader_hand_over(r, c);
    r->status = status;
    pthread_cond_signal(&r->filled);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* --- threaded: the reader's side ------------------------------------------------------- */

/* Gives chunk C back: to the pool, or freed when it was made for one big event. Called with
 * the lock held. */
static void reader_give_back(uhp_event_reader *r, reader_chunk *c)
{
    if (c->cap != READER_CHUNK_BYTES) {
        uhp_free(c);
        return;
    }
    c->next = r->free_chunks;
    r->free_chunks = c;
    pthread_cond_signal(&r->freed);
}

/* Hands the chunk read so far back and waits for the next one. Returns 1 when there is
 * one, else what uhp_event_reader_next returns at the end: 0 with *ERR when libyaml
 * failed, -1 when memory ran out (or events were asked for past the stream end). Kept out
 * of line (a few hundred calls per file): the per-event path stays small. */
UHP_NOINLINE static int reader_next_chunk(uhp_event_reader *r, uhp_parse_error *err)
{
    pthread_mutex_lock(&r->lock);
    if (r->current)
        reader_give_back(r, r->current);
    r->current = NULL;
    while (!r->queue_head && r->status == READER_RUNNING)
        pthread_cond_wait(&r->filled, &r->lock);
    reader_chunk *c = r->queue_head;
    if (c) {
        r->queue_head = c->next;
        if (!r->queue_head)
            r->queue_tail = NULL;
    }
    reader_status status = r->status;
    pthread_mutex_unlock(&r->lock);
    if (!c) {
        if (status == READER_FAILED) {
            *err = r->err;
            return 0;
        }
        return -1;
    }
    r->current = c;
    r->at = 0;
    return 1;
}

static int reader_next_threaded(uhp_event_reader *r, uhp_event *ev, uhp_parse_error *err)
{
    if (!r->current || r->at >= r->current->used) {
        int got = reader_next_chunk(r, err);
        if (got <= 0)
            return got;
    }
    const reader_record *rec = (const reader_record *)(r->current->data + r->at);
    const char *bytes = (const char *)(rec + 1);
    ev->type = (yaml_event_type_t)rec->type;
    ev->style = (yaml_scalar_style_t)rec->style;
    ev->tag = rec->tag;
    ev->start = rec->start;
    ev->end = rec->end;
    ev->len = rec->len;
    ev->value = rec->has_value ? bytes : NULL;
    ev->anchor = rec->has_anchor ? bytes + (rec->has_value ? rec->len + 1 : 0) : NULL;
    size_t size = sizeof *rec + (rec->has_value ? rec->len + 1 : 0) +
                  (rec->has_anchor ? rec->anchor_len + 1 : 0);
    r->at += (size + alignof(reader_record) - 1) & ~(alignof(reader_record) - 1);
    return 1;
}

/* --- inline --------------------------------------------------------------------------- */

static int reader_next_inline(uhp_event_reader *r, uhp_event *ev, uhp_parse_error *err)
{
    if (r->has_event) {
        yaml_event_delete(&r->event);
        r->has_event = false;
    }
    if (r->failed || !yaml_parser_parse(&r->parser, &r->event)) {
        if (!r->failed)
            reader_copy_error(&r->parser, &r->err);
        r->failed = true;
        *err = r->err;
        return 0;
    }
    r->has_event = true;
    const yaml_event_t *e = &r->event;
    ev->type = e->type;
    ev->style = YAML_ANY_SCALAR_STYLE;
    ev->tag = UHP_TAG_NONE;
    ev->value = NULL;
    ev->len = 0;
    if (e->type == YAML_SCALAR_EVENT) {
        ev->style = e->data.scalar.style;
        ev->tag = (uint8_t)uhp_tag_of((const char *)e->data.scalar.tag);
        ev->value = (const char *)e->data.scalar.value;
        ev->len = e->data.scalar.length;
    }
    ev->anchor = reader_anchor(e);
    ev->start = reader_pos(e->start_mark);
    ev->end = reader_pos(e->end_mark);
    return 1;
}

/* --- the interface -------------------------------------------------------------------- */

uhp_event_reader *uhp_event_reader_open(const unsigned char *data, size_t len, bool threaded)
{
    uhp_event_reader *r = uhp_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->data = data;
    r->len = len;
    if (threaded && pthread_mutex_init(&r->lock, NULL) == 0) {
        if (pthread_cond_init(&r->filled, NULL) == 0) {
            if (pthread_cond_init(&r->freed, NULL) == 0) {
                if (pthread_create(&r->thread, NULL, reader_thread, r) == 0) {
                    r->threaded = true;
                    return r;
                }
                pthread_cond_destroy(&r->freed);
            }
            pthread_cond_destroy(&r->filled);
        }
        pthread_mutex_destroy(&r->lock);
    }
    /* Inline, also when a thread could not be had. */
    if (!reader_parser_init(r)) {
        uhp_free(r);
        return NULL;
    }
    return r;
}

int uhp_event_reader_next(uhp_event_reader *r, uhp_event *ev, uhp_parse_error *err)
{
    if (!r->threaded)
        return reader_next_inline(r, ev, err);
    return reader_next_threaded(r, ev, err);
}

bool uhp_event_reader_threaded(const uhp_event_reader *r)
{
    return r->threaded;
}

/* Frees a list of chunks linked by next. */
static void reader_free_chunks(reader_chunk *c)
{
    while (c) {
        reader_chunk *next = c->next;
        uhp_free(c);
        c = next;
    }
}

void uhp_event_reader_close(uhp_event_reader *r)
{
    if (!r)
        return;
    if (r->threaded) {
        pthread_mutex_lock(&r->lock);
        r->stop = true;
        pthread_cond_broadcast(&r->freed);
        pthread_mutex_unlock(&r->lock);
        pthread_join(r->thread, NULL);
        if (r->current)
            uhp_free(r->current);
        reader_free_chunks(r->queue_head);
        reader_free_chunks(r->free_chunks);
        pthread_cond_destroy(&r->freed);
        pthread_cond_destroy(&r->filled);
        pthread_mutex_destroy(&r->lock);
    } else {
        if (r->has_event)
            yaml_event_delete(&r->event);
        if (r->parser_live)
            yaml_parser_delete(&r->parser);
    }
    uhp_free(r);
}
