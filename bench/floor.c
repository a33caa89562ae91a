/* bench/floor.c: the yardstick of docs/performance.md. Reads each file named on the command
 * line into memory and runs libyaml's event parser over it until the end of the stream,
 * doing nothing with the events. No libyaml-based checker can be faster than this.
 *
 *   floor [-r FILE]... [-l LIST] FILE...
 *
 * FILE      read into memory and parsed with yaml_parser_parse (every event, then freed)
 * -r FILE   read into memory only (the TCP/IP profile is not YAML; the tool reads it too)
 * -l LIST   LIST holds one file per line; a line "-r PATH" reads PATH as bytes only
 *
 * Exit status: 0 when every file was read and parsed, 1 when one failed (message on
 * stderr), 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static unsigned long long floor_events;
static unsigned long long floor_bytes;

/* Reads PATH into a new buffer; returns it (and its length in *LEN) or NULL. */
static unsigned char *floor_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 64 * 1024, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (buf && ferror(f)) {
        perror(path);
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    floor_bytes += n;
    return buf;
}

/* Parses every event of PATH; returns 0 or 1. */
static int floor_parse(const char *path)
{
    size_t len = 0;
    unsigned char *buf = floor_slurp(path, &len);
    if (!buf)
        return 1;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        free(buf);
        return 1;
    }
    yaml_parser_set_input_string(&parser, buf, len);
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            fprintf(stderr, "%s:%lu:%lu: %s\n", path, (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            rc = 1;
            break;
        }
        floor_events++;
        int done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (done)
            break;
    }
    yaml_parser_delete(&parser);
    free(buf);
    return rc;
}

/* Reads PATH as bytes only; returns 0 or 1. */
static int floor_raw(const char *path)
{
    size_t len = 0;
    unsigned char *buf = floor_slurp(path, &len);
    if (!buf)
        return 1;
    free(buf);
    return 0;
}

/* Handles every line of the list file LIST; returns the number of failures. */
static int floor_list(const char *list)
{
    FILE *f = fopen(list, "r");
    if (!f) {
        perror(list);
        return 1;
    }
    char line[4096];
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        if (strncmp(line, "-r ", 3) == 0)
            bad += floor_raw(line + 3);
        else
            bad += floor_parse(line);
    }
    fclose(f);
    return bad;
}

int main(int argc, char **argv)
{
    int bad = 0, files = 0;
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "-r") || !strcmp(argv[i], "-l")) && i + 1 < argc) {
            bad += argv[i][1] == 'r' ? floor_raw(argv[i + 1]) : floor_list(argv[i + 1]);
            i++;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "usage: floor [-r FILE]... [-l LIST] FILE...\n");
            return 2;
        } else {
            bad += floor_parse(argv[i]);
        }
        files++;
    }
    if (files == 0) {
        fprintf(stderr, "usage: floor [-r FILE]... [-l LIST] FILE...\n");
        return 2;
    }
    if (getenv("FLOOR_VERBOSE"))
        fprintf(stderr, "floor: %llu bytes, %llu events\n", floor_bytes, floor_events);
    return bad ? 1 : 0;
}
