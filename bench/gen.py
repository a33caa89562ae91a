#!/usr/bin/env python3
"""Deterministic input generator for the ums-ha-preflight benchmarks (docs/performance.md).

  gen.py big  --out DIR [--size BYTES] [--instances N] [--seed S]
      DIR/zowe.yaml      a zowe.yaml-shaped config of at least BYTES bytes (default 20 MB):
                         zowe.*, java, node, zOSMF, the core components and as many
                         extension components as it takes, and N haInstances (default 600)
                         each with hostname, sysname and component overrides
      DIR/ZWEYAML.yaml   the UMS PARMLIB member (components.izp, zowe.setup)
      DIR/PROFILE.TCPIP  a VIPADYNAMIC block distributing the DVIPA HOTSTANDBY to N stacks
      DIR/args           the check arguments, one a line, paths relative to DIR
      DIR/floor.list     the same files for bench/floor (-r: read the profile as bytes)

  gen.py sets --out DIR [--count N] [--seed S]
      DIR/sets/sNNNN/{zowe.yaml,ZWEYAML.yaml,PROFILE.TCPIP}   N config sets (default 1000),
                         each a variation of a real two-to-four-LPAR setup; about one in
                         eight carries a realistic mistake so reports have findings
      DIR/manifest.yaml  sets: [{name, config, parmlib, tcpip, dvipa}], relative paths
      DIR/floor.list     the manifest, every YAML file, and every profile (-r)

The same arguments always give the same bytes (random.Random(seed), no clock, no
environment). Only the Python standard library is used."""

import argparse
import os
import random
import sys

DEFAULT_SEED = 20240501

CORE = [
    # name, port, extra lines (relative indentation 4 spaces under the component)
    ("gateway", 7554, [
        "apiml:",
        "  security:",
        "    auth:",
        "      provider: zosmf",
        "      zosmf:",
        "        jwtAutoconfiguration: jwt",
        "        serviceId: ibmzosmf",
        "    authorization:",
        "      endpoint:",
        "        enabled: false",
        "      provider: \"\"",
        "    x509:",
        "      enabled: false",
        "  server:",
        "    internal:",
        "      enabled: false",
        "      port: 7550",
        "      ssl:",
        "        enabled: false",
        "server:",
        "  ssl:",
        "    enabled: true",
        "  webSocket:",
        "    maxIdleTimeout: 3600000",
    ]),
    ("zaas", 7563, ["apiml:", "  security:", "    oidc:", "      enabled: false"]),
    ("discovery", 7553, ["replicas: 1"]),
    ("api-catalog", 7552, ["hideServiceInfo: false"]),
    ("caching-service", 7555, [
        "storage:",
        "  evictionStrategy: reject",
        "  size: 10000",
        "  mode: infinispan",
        "  infinispan:",
        "    initialHosts: \"@HOSTS@\"",
        "    jgroups:",
        "      port: 7600",
        "      keyExchange:",
        "        port: 7601",
    ]),
    ("app-server", 7556, ["instanceDir: /global/zowe/workspace/app-server"]),
    ("zss", 7557, ["tls: true", "crossMemoryServerName: ZWESIS_STD", "agent:",
                   "  jwt:", "    fallback: true"]),
    ("jobs-api", 7558, ["debug: false"]),
    ("files-api", 7559, ["debug: false"]),
    ("explorer-jes", None, []),
    ("explorer-mvs", None, []),
    ("explorer-uss", None, []),
]

VENDORS = ["acme", "bluebird", "corvid", "delta", "ember", "fjord", "gale", "harbor",
           "iris", "juniper", "kestrel", "lumen", "meridian", "north", "orbit", "pilot"]
PRODUCTS = ["ops", "audit", "sched", "mon", "vault", "query", "batch", "trace", "index",
            "report", "alert", "sync"]
LEVELS = ["info", "debug", "warn", "error"]


def w(out, lines):
    out.extend(lines)


def zowe_section(rnd, sysplex, dvipa_name, lpar_hosts, ext_port, prefix, job):
    lines = [
        "zowe:",
        "  setup:",
        "    dataset:",
        "      prefix: IBMUSER.ZWEV2",
        "      proclib: USER.PROCLIB",
        "      parmlib: IBMUSER.ZWEV2.CUST.PARMLIB",
        "      parmlibMembers:",
        "        zis: ZWESIP00",
        "      jcllib: IBMUSER.ZWEV2.CUST.JCLLIB",
        "      authLoadlib: IBMUSER.ZWEV2.SZWEAUTH",
        "      authPluginLib: IBMUSER.ZWEV2.CUST.ZWESAPL",
        "    security:",
        "      product: RACF",
        "      groups:",
        "        admin: ZWEADMIN",
        "        stc: ZWEADMIN",
        "        sysProg: ZWEADMIN",
        "      users:",
        "        zowe: ZWESVUSR",
        "        zis: ZWESIUSR",
        "      stcs:",
        "        zowe: ZWESLSTC",
        "        zis: ZWESISTC",
        "        aux: ZWESASTC",
        "    certificate:",
        "      type: PKCS12",
        "      pkcs12:",
        "        directory: /global/zowe/keystore",
        "        lock: true",
        "        name: localhost",
        "        password: password",
        "      dname:",
        "        caCommonName: \"Zowe Development Instances CA\"",
        "        commonName: \"Zowe Service\"",
        "        orgUnit: \"API Mediation Layer\"",
        "        org: \"Zowe Sample\"",
        "        locality: Prague",
        "        state: Prague",
        "        country: CZ",
        "      validity: 3650",
        "      san:",
    ]
    for h in [dvipa_name] + lpar_hosts:
        lines.append("        - " + h)
    lines += [
        "  runtimeDirectory: /usr/lpp/zowe/v2",
        "  # UMS writes izp-server-<haInstanceId>-<timestamp>.log here.",
        "  logDirectory: /global/zowe/logs",
        "  workspaceDirectory: /global/zowe/workspace",
        "  extensionDirectory: /global/zowe/extensions",
        "  job:",
        "    name: %sSV" % job,
        "    prefix: %s" % job,
        "  # The DVIPA name first: externalDomains[0] builds the gateway's external URL.",
        "  externalDomains:",
        "    - " + dvipa_name,
    ]
    for h in lpar_hosts:
        lines.append("    - " + h)
    lines += [
        "  externalPort: %d" % ext_port,
        "  environments:",
        "    ZWE_PRIVATE_LOG_LEVEL_ZWELS: INFO",
        "    SYSPLEX: %s" % sysplex,
        "  launchScript:",
        "    logLevel: \"%s\"" % rnd.choice(["", "debug", "trace"]),
        "    onComponentConfigureFail: warn",
        "  certificate:",
        "    keystore:",
        "      type: PKCS12",
        "      file: /global/zowe/keystore/localhost/localhost.keystore.p12",
        "      password: password",
        "      alias: localhost",
        "    truststore:",
        "      type: PKCS12",
        "      file: /global/zowe/keystore/localhost/localhost.truststore.p12",
        "      password: password",
        "    pem:",
        "      key: /global/zowe/keystore/localhost/localhost.key",
        "      certificate: /global/zowe/keystore/localhost/localhost.cer",
        "      certificateAuthorities: /global/zowe/keystore/local_ca/local_ca.cer",
        "  verifyCertificates: STRICT",
        "",
        "java:",
        "  home: /usr/lpp/java/J17.0_64",
        "",
        "node:",
        "  home: /usr/lpp/IBM/cnj/v18r0",
        "",
        "zOSMF:",
        "  host: zosmf.%s.example.com" % sysplex.lower(),
        "  port: 443",
        "  applId: IZUDFLT",
        "",
    ]
    return lines


def core_components(lpar_hosts, gw_port, zss_port):
    lines = ["components:"]
    hosts = ",".join("%s[7600]" % h for h in lpar_hosts)
    for name, port, extra in CORE:
        lines.append("  %s:" % name)
        lines.append("    enabled: %s" % ("false" if name.startswith("explorer") else "true"))
        if name == "gateway":
            port = gw_port
        elif name == "zss":
            port = zss_port
        if port is not None:
            lines.append("    port: %d" % port)
        for e in extra:
            lines.append("    " + e.replace("@HOSTS@", hosts))
    return lines


def ext_component(rnd, idx, lpar_hosts):
    """One extension component (about 2 KB), realistic keys, a unique port."""
    vendor = VENDORS[idx % len(VENDORS)]
    product = PRODUCTS[(idx // len(VENDORS)) % len(PRODUCTS)]
    name = "%s-%s-%04d" % (vendor, product, idx)
    port = 20000 + idx % 40000
    lines = [
        "  # %s %s extension, installed with zwe components install." % (vendor, product),
        "  %s:" % name,
        "    enabled: %s" % ("true" if rnd.random() < 0.8 else "false"),
        "    port: %d" % port,
        "    debug: %s" % ("true" if rnd.random() < 0.05 else "false"),
        "    runtimeDirectory: /global/zowe/extensions/%s" % name,
        "    description: \"%s %s for the %s team, build %d.%d.%d\"" % (
            vendor.capitalize(), product, rnd.choice(["ops", "dev", "sec", "dba"]),
            rnd.randint(1, 9), rnd.randint(0, 20), rnd.randint(0, 99)),
        "    environments:",
        "      LOG_LEVEL: %s" % rnd.choice(LEVELS),
        "      JAVA_OPTS: \"-Xms%dm -Xmx%dm\"" % (rnd.choice([128, 256, 512]),
                                                rnd.choice([512, 1024, 2048])),
        "      TZ: %s" % rnd.choice(["UTC", "CET", "EST5EDT"]),
        "    certificate:",
        "      keystore:",
        "        type: PKCS12",
        "        file: /global/zowe/keystore/%s/%s.keystore.p12" % (vendor, name),
        "        alias: %s" % name,
        "    server:",
        "      host: %s" % rnd.choice(lpar_hosts),
        "      timeouts:",
        "        connect: %d" % rnd.choice([1000, 3000, 5000]),
        "        read: %d" % rnd.choice([10000, 30000, 60000]),
        "      allowedOrigins:",
    ]
    for k in range(rnd.randint(2, 5)):
        lines.append("        - https://%s.example.com:%d" % (rnd.choice(VENDORS), 443 + k))
    lines += [
        "      threads:",
        "        min: %d" % rnd.choice([2, 4, 8]),
        "        max: %d" % rnd.choice([16, 32, 64]),
        "    storage:",
        "      mode: %s" % rnd.choice(["VSAM", "inMemory", "infinispan"]),
        "      vsam:",
        "        name: %s.%s.VSAM%04d" % (vendor.upper()[:8], product.upper()[:8], idx),
        "      retention:",
        "        days: %d" % rnd.randint(1, 365),
        "        maxRecords: %d" % rnd.randint(1000, 1000000),
        "    security:",
        "      safProfilePrefix: %s.%s" % (vendor.upper()[:8], product.upper()[:8]),
        "      resourceClass: ZOWE",
        "      mfa: %s" % ("true" if rnd.random() < 0.3 else "false"),
        "    plugins:",
    ]
    for k in range(rnd.randint(1, 4)):
        lines += [
            "      - id: org.%s.%s.plugin%d" % (vendor, product, k),
            "        path: /global/zowe/extensions/%s/plugins/p%d" % (name, k),
            "        enabled: %s" % ("true" if rnd.random() < 0.9 else "false"),
        ]
    lines += [
        "    messages:",
        "      # Message routing for the %s console." % product,
        "      console: %s" % rnd.choice(["true", "false"]),
        "      syslog: true",
        "      prefix: \"%s%03d\"" % (vendor.upper()[:3], idx % 1000),
    ]
    return name, port, lines


def instance_block(rnd, iid, host, sysname, ext_names, gw_port):
    lines = [
        "  %s:" % iid,
        "    # hostname where this instance is started",
        "    hostname: %s" % host,
        "    # &SYSNAME of the LPAR",
        "    sysname: %s" % sysname,
        "    components:",
        "      gateway:",
        "        enabled: true",
        "        port: %d" % gw_port,
        "      caching-service:",
        "        storage:",
        "          infinispan:",
        "            jgroups:",
        "              host: %s" % host,
        "      app-server:",
        "        enabled: %s" % rnd.choice(["true", "false"]),
    ]
    for name in rnd.sample(ext_names, min(len(ext_names), rnd.randint(15, 40))):
        lines += [
            "      %s:" % name,
            "        enabled: %s" % ("true" if rnd.random() < 0.7 else "false"),
        ]
        if rnd.random() < 0.5:
            lines += [
                "        server:",
                "          host: %s" % host,
                "          threads:",
                "            max: %d" % rnd.choice([8, 16, 32]),
            ]
        if rnd.random() < 0.3:
            lines += [
                "        environments:",
                "          LOG_LEVEL: %s" % rnd.choice(LEVELS),
            ]
    return lines


def zweyaml(dvipa_name, sysnames, plex, ums_port, auth="MFA_JWT", experiences=None):
    exp = experiences or ["/usr/lpp/IBM/afx/v1r2m0/bin"]
    lines = [
        "# %s.PARMLIB(ZWEYAML): Zowe parameters for IBM Unified Management Server (UMS)." % plex,
        "components:",
        "  izp:",
        "    # Required by Zowe to launch UMS during Zowe startup.",
        "    enabled: true",
        "    debugShellScripts: false",
        "    experiences:",
    ]
    lines += ["      - " + e for e in exp]
    lines += [
        "    runtimeDirectory: \"/usr/lpp/IBM/izp/v1r2m0/bin\"",
        "    workspaceDirectory: \"/global/ums\"",
        "    security:",
        "      useSAFOnly: true",
        "      profileQualifier: %s" % plex,
        "    server:",
        "      tlsVersionList: TLSv1.2,TLSv1.3",
        "      authType: %s" % auth,
        "      port:",
        "        http: %d" % ums_port,
        "        agent: 3444",
        "        gremlin: 8182",
        "      host: %s" % dvipa_name,
        "      log:",
        "        destination: BOTH",
        "        properties: []",
        "      allSysnames: \"%s\"" % " ".join(sysnames),
        "      javaArgs: []",
        "    dataset:",
        "      runtimeHlq: \"IZP\"",
        "      hlq: \"IZP.CUST\"",
        "      parmlib: \"IZP.PARMLIB\"",
        "      jcllib: \"IZP.CUST.JCLLIB\"",
        "zowe:",
        "  setup:",
        "    zis:",
        "      parmlib:",
        "        keys:",
        "          IZP.ZSSP.REG: list",
        "  useConfigmgr: true",
    ]
    return lines


def profile(dvipa_addr, ports, xcf_addrs, sysname):
    lines = [
        "; PROFILE.TCPIP fragment for %s." % sysname,
        "; Sysplex Distributor DVIPA %s, HOTSTANDBY to %d stacks." % (dvipa_addr, len(xcf_addrs)),
        "IPCONFIG DYNAMICXCF %s 255.255.255.0 1" % xcf_addrs[0],
        "VIPADYNAMIC",
        "  VIPADEFINE 255.255.255.0 %s" % dvipa_addr,
        "  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY %s" % dvipa_addr,
        "    PORT " + " ".join(str(p) for p in ports),
    ]
    for k, a in enumerate(xcf_addrs):
        lines.append("    %s %s %s" % ("DESTIP" if k == 0 else "      ", a,
                                        "PREFERRED" if k == 0 else "BACKUP"))
    lines.append("ENDVIPADYNAMIC")
    return lines


def write(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))
        f.write("\n")


def gen_big(args):
    rnd = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    n_inst = args.instances
    plex = "PLEXB"
    dvipa_name = "umsha.plexb.example.com"
    dvipa_addr = "10.10.2.100"
    ids = ["lpar%03d" % (i + 1) for i in range(n_inst)]
    hosts = ["%s.plexb.example.com" % i for i in ids]
    # Each instance is named after its SYSNAME in lower case, the id Zowe looks up when
    # started without HAINST= (UHA307).
    sysnames = [i.upper() for i in ids]
    gw_port, zss_port, ums_port = 7554, 7557, 12023

    head = ["# A generated zowe.yaml (bench/gen.py big): %d HA instances in sysplex %s." % (
        n_inst, plex), "# CONFIG=FILE(zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))"]
    head += zowe_section(rnd, plex, dvipa_name, hosts[:4], gw_port, plex, "ZWE1")
    comps = core_components(hosts[:4], gw_port, zss_port)
    # The instances take about 2.5 KB each; extension components fill the rest.
    ext_names = []
    ext_lines = []
    size = sum(len(x) + 1 for x in head + comps) + n_inst * 2600
    idx = 0
    while size < args.size:
        name, _, lines = ext_component(rnd, idx, hosts[:8])
        ext_names.append(name)
        ext_lines += lines
        size += sum(len(x) + 1 for x in lines)
        idx += 1
    inst_lines = ["", "# One instance per LPAR; ids are lower case, digits and '_'.", "haInstances:"]
    for i, iid in enumerate(ids):
        inst_lines += instance_block(rnd, iid, hosts[i], sysnames[i], ext_names, gw_port)
    lines = head + comps + ext_lines + inst_lines
    total = sum(len(x) + 1 for x in lines)
    while total < args.size:  # the instance estimate was high: top up with components
        name, _, more = ext_component(rnd, idx, hosts[:8])
        idx += 1
        lines = head + comps + ext_lines + more + inst_lines
        ext_lines += more
        total += sum(len(x) + 1 for x in more)
    write(os.path.join(args.out, "zowe.yaml"), lines)
    write(os.path.join(args.out, "ZWEYAML.yaml"), zweyaml(dvipa_name, sysnames[:8], plex, ums_port))
    # TCP/IP takes at most 31 BACKUP targets (EZZ0829I): one PREFERRED and 31 BACKUP stacks,
    # so UHA208 warns that the target count differs from the instance count.
    xcf = ["10.20.%d.%d" % (1 + i // 250, 1 + i % 250) for i in range(min(n_inst, 32))]
    write(os.path.join(args.out, "PROFILE.TCPIP"),
          profile(dvipa_addr, [gw_port, zss_port, ums_port], xcf, sysnames[0]))
    write(os.path.join(args.out, "args"), [
        "-c", "FILE(zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))",
        "--parmlib", "IZP.PARMLIB=.",
        "--dvipa", "%s=%s" % (dvipa_name, dvipa_addr),
        "--tcpip", "PROFILE.TCPIP",
        "--max-size", "64M",
        # about 1.35 million nodes, above the default limit of 1,000,000 (UHA004)
        "--max-nodes", "4000000",
    ])
    write(os.path.join(args.out, "floor.list"), ["zowe.yaml", "ZWEYAML.yaml", "-r PROFILE.TCPIP"])
    sys.stderr.write("gen big: %s/zowe.yaml %d bytes, %d components, %d haInstances\n" % (
        args.out, total, len(CORE) + idx, n_inst))


def gen_one_set(rnd, k, d):
    """Writes set K into directory D; returns (name, dsn, dvipa spec)."""
    plex = "PLX%04d" % k
    site = rnd.choice(["fra", "ams", "dal", "sjc", "lon", "mad", "tor", "syd"])
    n_inst = rnd.choice([2, 2, 2, 3, 3, 4])
    dom = "%s.%s.example.com" % (plex.lower(), site)
    dvipa_name = "umsha." + dom
    dvipa_addr = "10.%d.%d.100" % (1 + k // 250, k % 250)
    sysnames = ["%s%d" % (rnd.choice(["SYS", "SY", "MVS"]), i + 1) for i in range(n_inst)]
    ids = [s.lower() for s in sysnames]  # the id Zowe looks up without HAINST= (UHA307)
    hosts = ["%s.%s" % (i, dom) for i in ids]
    gw_port = rnd.choice([7554, 7554, 7554, 8443, 9554])
    zss_port = gw_port + 3
    ext_port = gw_port
    ums_port = rnd.choice([12023, 12023, 12123])
    auth = "MFA_JWT"
    experiences = None
    dist_ports = [gw_port, zss_port, ums_port]
    mistake = rnd.random() < 0.125 and rnd.choice(["port", "auth", "doe", "profile", "gw"])
    if mistake == "port":
        ext_port = 8443 if gw_port != 8443 else 7554
    elif mistake == "auth":
        auth = "STANDARD_JWT"
    elif mistake == "doe":
        experiences = ["/usr/lpp/IBM/afx/v1r2m0/bin", "/usr/lpp/IBM/doe/v1r1m0/bin"]
    elif mistake == "profile":
        dist_ports = [gw_port, ums_port]
    lines = ["# zowe.yaml of %s: %d LPARs at %s." % (plex, n_inst, site)]
    lines += zowe_section(rnd, plex, dvipa_name, hosts, ext_port, plex, "ZW%02d" % (k % 100))
    lines += core_components(hosts, gw_port, zss_port)
    ext_names = []
    for e in range(rnd.randint(1, 4)):
        name, _, more = ext_component(rnd, (k * 7 + e) % 5000, hosts)
        ext_names.append(name)
        lines += more
    lines += ["", "haInstances:"]
    for i, iid in enumerate(ids):
        lines += [
            "  %s:" % iid,
            "    hostname: %s" % hosts[i],
            "    sysname: %s" % sysnames[i],
        ]
        if mistake == "gw" and i == n_inst - 1:
            lines += ["    components:", "      gateway:", "        enabled: false"]
        elif rnd.random() < 0.5:
            lines += ["    components:", "      caching-service:", "        storage:",
                      "          infinispan:", "            jgroups:",
                      "              host: %s" % hosts[i]]
    write(os.path.join(d, "zowe.yaml"), lines)
    write(os.path.join(d, "ZWEYAML.yaml"),
          zweyaml(dvipa_name, sysnames, plex, ums_port, auth, experiences))
    xcf = ["10.20.%d.%d" % (k % 250, i + 1) for i in range(n_inst)]
    write(os.path.join(d, "PROFILE.TCPIP"), profile(dvipa_addr, dist_ports, xcf, sysnames[0]))
    return plex.lower(), "IZP.%s.PARMLIB" % plex, "%s=%s" % (dvipa_name, dvipa_addr)


def gen_sets(args):
    rnd = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "sets"), exist_ok=True)
    manifest = ["# bench/gen.py sets: %d config sets." % args.count, "sets:"]
    floor = ["manifest.yaml"]
    for k in range(1, args.count + 1):
        rel = "sets/s%04d" % k
        d = os.path.join(args.out, rel)
        os.makedirs(d, exist_ok=True)
        name, dsn, dvipa = gen_one_set(rnd, k, d)
        manifest += [
            "  - name: %s" % name,
            "    config:",
            "      - \"FILE(%s/zowe.yaml):PARMLIB(%s(ZWEYAML))\"" % (rel, dsn),
            "    parmlib:",
            "      - \"%s=%s\"" % (dsn, rel),
            "    tcpip:",
            "      - %s/PROFILE.TCPIP" % rel,
            "    dvipa:",
            "      - \"%s\"" % dvipa,
        ]
        floor += ["%s/zowe.yaml" % rel, "%s/ZWEYAML.yaml" % rel, "-r %s/PROFILE.TCPIP" % rel]
    write(os.path.join(args.out, "manifest.yaml"), manifest)
    write(os.path.join(args.out, "floor.list"), floor)
    sys.stderr.write("gen sets: %s/manifest.yaml, %d sets\n" % (args.out, args.count))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("big", help="one large zowe.yaml-shaped config")
    b.add_argument("--out", required=True)
    b.add_argument("--size", type=int, default=20 * 1000 * 1000)
    b.add_argument("--instances", type=int, default=500)
    b.add_argument("--seed", type=int, default=DEFAULT_SEED)
    s = sub.add_parser("sets", help="many config sets and a manifest")
    s.add_argument("--out", required=True)
    s.add_argument("--count", type=int, default=1000)
    s.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args()
    if args.cmd == "big":
        if args.instances < 1 or args.instances > 60000:
            ap.error("--instances must be 1..60000")
        gen_big(args)
    else:
        if args.count < 1 or args.count > 9999:
            ap.error("--count must be 1..9999")
        gen_sets(args)


if __name__ == "__main__":
    main()
