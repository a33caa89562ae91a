/* Mechanical fixes: the edit a finding's fix amounts to, as bytes to replace in the file
 * that decided the value. Rules build them from the nodes they judged (src/fix/fix.c); the
 * edit data travels in the finding, so the diff and SARIF writers never see the
 * configuration. An edit carries the lines around it, for the diff's context. */
#ifndef UHP_FIX_H
#define UHP_FIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uhp/config.h"
#include "uhp/rule.h"

typedef struct uhp_rule_ctx uhp_rule_ctx;

/* One replacement: bytes [START, END) of FILE become TEXT (START == END: an insertion). */
typedef struct uhp_edit {
    const char *file;           /* the file's display name, as findings name it */
    size_t start, end;          /* byte offsets in the file as read */
    const char *text;           /* the new bytes (NUL-terminated) */
    uint32_t line, col;         /* 1-based start of the replaced range (columns in characters) */
    uint32_t end_line, end_col; /* exclusive end of the replaced range */
    /* The whole lines around the edit (up to 3 on each side, none that holds a secret):
     * bytes [WIN_START, WIN_START + WIN_LEN) of the file, starting on line WIN_LINE. */
    size_t win_start, win_len;
    const char *win;
    uint32_t win_line;
    bool win_eof; /* the window ends at the end of the file */
} uhp_edit;

/* What a finding's fix amounts to: EDITS applied together, or REFUSED saying why the
 * fix, mechanical in kind, cannot be written here (a template, EBCDIC input, ...). */
typedef struct uhp_fix {
    const char *description; /* "set components.izp.server.authType to MFA_JWT" */
    const uhp_edit *edits;
    size_t n_edits;
    const char *refused; /* NULL when EDITS hold the fix */
} uhp_fix;

#define UHP_FIX_MAX_EDITS 8

/* Collects the edits of one fix while a rule builds it. */
typedef struct uhp_fixb {
    uhp_rule_ctx *ctx;
    size_t finding; /* index in ctx->run->findings of the finding the fix is for */
    const char *description;
    uhp_edit edits[UHP_FIX_MAX_EDITS];
    size_t n_edits;
    const char *refused;
} uhp_fixb;

/* Starts a fix for the next finding CTX reports (call it before uhp_ctx_fail_value). */
void uhp_fixb_begin(uhp_fixb *b, uhp_rule_ctx *ctx, const char *description);
/* Records why the fix cannot be written (the first reason counts). Returns false. */
bool uhp_fixb_refuse(uhp_fixb *b, const char *why);
/* Replaces the scalar that decided VAL with TEXT. QUOTE: keep the scalar's quotes (a
 * string), or write TEXT plain (a number or boolean). Refuses (returns false) when VAL
 * has no scalar in a user's file, comes through a ${{ }} template, sits in an EBCDIC
 * file, is a block scalar, or its line holds a secret. An empty value ("host:") gets
 * TEXT after the colon. */
bool uhp_fixb_scalar(uhp_fixb *b, const uhp_value *val, const char *text, bool quote);
/* The scalar NODE, like uhp_fixb_scalar (for items of a list). */
bool uhp_fixb_node(uhp_fixb *b, const uhp_node *node, const char *text, bool quote);
/* Inserts TEXT as a new first item of sequence SEQ (block or flow style). */
bool uhp_fixb_seq_prepend(uhp_fixb *b, const uhp_node *seq, const char *text);
/* Deletes ITEM, a scalar item of a block or flow sequence; when it is the only item of a
 * block sequence, deletes the key and the sequence with it. */
bool uhp_fixb_seq_delete(uhp_fixb *b, const uhp_node *item);
/* Makes the DVIPA the first item of the list value SEQ (concatenated from SEQ->parts,
 * lower layer first): moves it to the front of the first part when it is there; else
 * inserts TEXT (the DVIPA as written elsewhere in the list, or as declared) before the
 * first part's items and deletes it from the part that held it, so it appears once. */
bool uhp_fixb_seq_first(uhp_fixb *b, const uhp_value *seq, const uhp_dvipa *dvipa,
                        const char *text);
/* Attaches the fix (edits, or the refusal) to the finding reported since uhp_fixb_begin,
 * when there is one, copying it into the run. Sets out_of_memory when memory runs out. */
void uhp_fixb_attach(uhp_fixb *b);

/* True when line NO of SRC holds a secret value, or a secret key whose value is on the
 * lines below, or continues such a value (rule_ctx.c). */
bool uhp_source_line_secret(uhp_source *src, unsigned no);

#endif
