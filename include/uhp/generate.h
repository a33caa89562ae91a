/* `generate tcpip`: the VIPADYNAMIC block UMS high availability needs for a configuration
 * (docs/generate.md): VIPADEFINE for the DVIPA, one VIPADISTRIBUTE DISTMETHOD HOTSTANDBY for
 * the UMS HTTP, ZSS and gateway ports, DESTIP with the first system PREFERRED and the
 * others BACKUP. Every line stays within 71 columns. */
#ifndef UHP_GENERATE_H
#define UHP_GENERATE_H

#include <stddef.h>
#include <stdio.h>

#include "uhp/config.h"

/* A system's dynamic XCF address (--xcf SYSNAME=ADDR). */
typedef struct uhp_gen_xcf {
    const char *sysname;
    const char *addr;
} uhp_gen_xcf;

typedef struct uhp_gen_tcpip_opts {
    const char *dvipa;      /* the DVIPA's IPv4 address */
    const char *dvipa_name; /* its DNS name, for the comments, or NULL */
    const char *mask;       /* VIPADEFINE address mask (NULL: 255.255.255.255) */
    const uhp_gen_xcf *xcf;
    size_t n_xcf;
    /* --tcpip FILE: the profile to merge the statements into (its name and bytes), or NULL
     * to write a block of its own. */
    const char *profile_name;
    const char *profile;
    size_t profile_len;
    const char *version; /* the tool's version, for the heading comment */
} uhp_gen_tcpip_opts;

/* Writes to OUT the VIPADYNAMIC statements for CFG (the loaded configuration), or, with a
 * profile, that profile with the statements merged into its VIPADYNAMIC block. Returns 0;
 * -1 with a one-line reason in ERR (ERRLEN bytes) when the block cannot be written (no
 * DVIPA, a system without an XCF address, ports that differ between instances, a profile
 * that already defines the DVIPA, ...); -2 when memory runs out or writing fails. */
int uhp_generate_tcpip(FILE *out, const uhp_config *cfg, const uhp_gen_tcpip_opts *o, char *err,
                       size_t errlen);

#endif
