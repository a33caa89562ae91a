/* libyaml's events as the loader reads them (private to src/loader.c). A reader runs
 * libyaml's event parser over a buffer, either on the calling thread or, for a big file, on
 * a thread of its own that hands the events over in batches, so that parsing and building
 * the tree overlap on two CPUs. Both ways give the same events, positions and errors. */
#ifndef UHP_EVENT_READER_H
#define UHP_EVENT_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "uhp/tree.h"

/* A scalar's explicit tag, as Zowe's YAML-to-JSON conversion tells them apart (libyaml's
 * document loader gives an untagged scalar, and one tagged '!', the str tag). */
typedef enum uhp_tag {
    UHP_TAG_NONE = 0, /* no tag, '!' or !!str: typed by its text */
    UHP_TAG_INT,      /* !!int */
    UHP_TAG_BOOL,     /* !!bool */
    UHP_TAG_NULL,     /* !!null */
    UHP_TAG_OTHER,    /* !!float, !!timestamp, !!binary, a local tag: Zowe drops the value */
} uhp_tag;

/* The uhp_tag of libyaml tag TAG (NULL: none). */
uhp_tag uhp_tag_of(const char *tag);

/* One event, with only what the loader uses. VALUE and ANCHOR are NUL-terminated and
 * borrowed: they stay valid until the next uhp_event_reader_next or close. */
typedef struct uhp_event {
    yaml_event_type_t type;
    yaml_scalar_style_t style; /* scalars */
    uint8_t tag;               /* scalars: uhp_tag */
    const char *value;         /* scalars: LEN bytes; NULL otherwise */
    size_t len;
    const char *anchor; /* scalars, collection starts and aliases (the alias's name); or NULL */
    uhp_pos start, end; /* libyaml's marks, 1-based (line + 1, column + 1 as uint32_t) */
} uhp_event;

/* Why libyaml stopped: its error fields, copied (PROBLEM and CONTEXT are libyaml's static
 * strings or NULL). */
typedef struct uhp_parse_error {
    yaml_error_type_t error;
    const char *problem;
    size_t problem_offset;
    uhp_pos problem_pos;
    const char *context;
    size_t context_line; /* 0-based, as libyaml counts */
} uhp_parse_error;

typedef struct uhp_event_reader uhp_event_reader;

/* Starts reading the events of DATA[0..LEN) (UTF-8; DATA must outlive the reader). With
 * THREADED, libyaml runs on a second thread; when that thread cannot start, on this one.
 * Returns NULL when memory runs out. The caller closes the reader. */
uhp_event_reader *uhp_event_reader_open(const unsigned char *data, size_t len, bool threaded);
/* Reads the next event into *EV. Returns 1 with an event, 0 when libyaml failed (*ERR says
 * why; every later call returns 0 again), -1 when memory ran out outside libyaml. */
int uhp_event_reader_next(uhp_event_reader *r, uhp_event *ev, uhp_parse_error *err);
/* True when R parses on a thread of its own (for tests). */
bool uhp_event_reader_threaded(const uhp_event_reader *r);
/* Stops the parse (a parsing thread is told to stop and joined) and frees R and its events.
 * R may be NULL. */
void uhp_event_reader_close(uhp_event_reader *r);

#endif
