/* bench/loader.c: libyaml's own document loader (yaml_parser_load) over each file named on
 * the command line, for the peak-memory comparison of docs/performance.md. Each file is
 * read into memory, loaded into a yaml_document_t (libyaml's node tree), walked once to
 * count its nodes, and freed before the next file.
 *
 *   loader FILE...
 *
 * Exit status: 0 when every file loaded, 1 when one failed, 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

/* Reads PATH into a new buffer; returns it (and its length in *LEN) or NULL. */
static unsigned char *loader_slurp(const char *path, size_t *len)
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
    fclose(f);
    *len = n;
    return buf;
}

/* Loads PATH with yaml_parser_load; returns 0 or 1. */
static int loader_load(const char *path, unsigned long long *nodes)
{
    size_t len = 0;
    unsigned char *buf = loader_slurp(path, &len);
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
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) {
            fprintf(stderr, "%s:%lu:%lu: %s\n", path, (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "load error");
            rc = 1;
            break;
        }
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) {
            yaml_document_delete(&doc);
            break; /* the end of the stream */
        }
        *nodes += (unsigned long long)(doc.nodes.top - doc.nodes.start);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    free(buf);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: loader FILE...\n");
        return 2;
    }
    unsigned long long nodes = 0;
    int bad = 0;
    for (int i = 1; i < argc; i++)
        bad += loader_load(argv[i], &nodes);
    if (getenv("LOADER_VERBOSE"))
        fprintf(stderr, "loader: %llu nodes\n", nodes);
    return bad ? 1 : 0;
}
