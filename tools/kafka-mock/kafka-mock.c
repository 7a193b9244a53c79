/*
 * kafka-mock: a throwaway Kafka cluster for tests, built on librdkafka's
 * in-process mock brokers (real Kafka protocol on 127.0.0.1 ports).
 *
 *   kafka-mock --brokers N --topic name:partitions [--topic ...]
 *
 * Prints "BOOTSTRAP host:port,..." once, then answers each stdin command
 * ("down ID", "up ID", "rtt ID MS", "errors APIKEY ERR COUNT", "clear APIKEY",
 * "topic NAME PARTS", "leader TOPIC PART ID", "coordinator GROUP ID",
 * "hash PARTITIONER COUNT HEXKEY", "quit") with one line: "OK", "OK <value>"
 * or "ERR <reason>". Broker id -1 means all brokers (librdkafka's convention).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stop_requested = 0;
static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static rd_kafka_mock_cluster_t *mc;
static int broker_cnt = 1;

/* The mock has no CreateTopics handler, so every topic a test needs must be
 * created here. Replication factor can't exceed the broker count. */
static rd_kafka_resp_err_t create_topic(const char *name, int parts) {
        int rf = broker_cnt < 3 ? broker_cnt : 3;
        if (parts < 1) return RD_KAFKA_RESP_ERR__INVALID_ARG;
        return rd_kafka_mock_topic_create(mc, name, parts, rf);
}

static void reply(rd_kafka_resp_err_t err) {
        if (err) printf("ERR %s\n", rd_kafka_err2str(err));
        else printf("OK\n");
        fflush(stdout); /* the driver waits for this line; never buffer it */
}

/* Decodes hex into out (at most cap bytes); returns the length, or -1. */
static int unhex(const char *hex, unsigned char *out, int cap) {
        int n = 0;
        if (!strcmp(hex, "-")) return 0; /* the empty key */
        for (; hex[0] && hex[1]; hex += 2) {
                unsigned int byte;
                if (n >= cap || sscanf(hex, "%2x", &byte) != 1) return -1;
                out[n++] = (unsigned char)byte;
        }
        return hex[0] ? -1 : n;
}

/* librdkafka's own partitioners over a key: what a producer built on librdkafka
 * (confluent-kafka-*, node-rdkafka, ...) would choose, to check ours against. */
static void hash_key(const char *partitioner, int count, const char *hexkey) {
        unsigned char key[1024];
        int len = unhex(hexkey, key, (int)sizeof(key));
        int32_t p;
        if (len < 0 || count < 1) { printf("ERR bad key or partition count\n"); fflush(stdout); return; }
        if (!strcmp(partitioner, "murmur2"))
                p = rd_kafka_msg_partitioner_murmur2(NULL, key, (size_t)len, count, NULL, NULL);
        else if (!strcmp(partitioner, "consistent"))
                p = rd_kafka_msg_partitioner_consistent(NULL, key, (size_t)len, count, NULL, NULL);
        else if (!strcmp(partitioner, "fnv1a"))
                p = rd_kafka_msg_partitioner_fnv1a(NULL, key, (size_t)len, count, NULL, NULL);
        else { printf("ERR unknown partitioner: %s\n", partitioner); fflush(stdout); return; }
        printf("OK %d\n", (int)p);
        fflush(stdout);
}

/* Returns 0 to keep reading, 1 on quit. */
static int handle(char *line) {
        char name[256], hex[2100];
        int a, b, c;
        if (!strncmp(line, "quit", 4)) return 1;
        if (sscanf(line, "down %d", &a) == 1)
                reply(rd_kafka_mock_broker_set_down(mc, a));
        else if (sscanf(line, "up %d", &a) == 1)
                reply(rd_kafka_mock_broker_set_up(mc, a));
        else if (sscanf(line, "rtt %d %d", &a, &b) == 2)
                reply(rd_kafka_mock_broker_set_rtt(mc, a, b));
        else if (sscanf(line, "errors %d %d %d", &a, &b, &c) == 3) {
                /* push/clear return void; validate so typos don't pass silently */
                if (c < 1 || c > 100000) { printf("ERR count out of range\n"); fflush(stdout); return 0; }
                rd_kafka_resp_err_t *errs = malloc(sizeof(*errs) * (size_t)c);
                for (int i = 0; i < c; i++) errs[i] = (rd_kafka_resp_err_t)b;
                rd_kafka_mock_push_request_errors_array(mc, (int16_t)a, (size_t)c, errs);
                free(errs);
                reply(RD_KAFKA_RESP_ERR_NO_ERROR);
        } else if (sscanf(line, "clear %d", &a) == 1) {
                rd_kafka_mock_clear_request_errors(mc, (int16_t)a);
                reply(RD_KAFKA_RESP_ERR_NO_ERROR);
        } else if (sscanf(line, "topic %255s %d", name, &a) == 2)
                reply(create_topic(name, a));
        else if (sscanf(line, "leader %255s %d %d", name, &a, &b) == 3)
                reply(rd_kafka_mock_partition_set_leader(mc, name, a, b));
        else if (sscanf(line, "coordinator %255s %d", name, &a) == 2)
                reply(rd_kafka_mock_coordinator_set(mc, "group", name, a));
        else if (sscanf(line, "hash %255s %d %2099s", name, &a, hex) == 3)
                hash_key(name, a, hex);
        else {
                line[strcspn(line, "\r\n")] = 0;
                printf("ERR unknown command: %s\n", line);
                fflush(stdout);
        }
        return 0;
}

int main(int argc, char **argv) {
        char errstr[512], line[4096], name[256];
        int i;

        for (i = 1; i < argc; i++)
                if (!strcmp(argv[i], "--brokers") && i + 1 < argc) broker_cnt = atoi(argv[++i]);
        if (broker_cnt < 1) { fprintf(stderr, "--brokers must be >= 1\n"); return 2; }

        /* Block SIGTERM/SIGINT while librdkafka spawns its threads (they
         * inherit the mask), so the signal is delivered to this thread and
         * interrupts fgets() below instead of landing in a broker thread. */
        sigset_t sigs;
        sigemptyset(&sigs);
        sigaddset(&sigs, SIGTERM);
        sigaddset(&sigs, SIGINT);
        pthread_sigmask(SIG_BLOCK, &sigs, NULL);

        /* The rd_kafka_t only hosts the mock; keep it quiet (log_level 3 = errors). */
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "%s\n", errstr); return 2;
        }
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", errstr); return 2; }
        mc = rd_kafka_mock_cluster_new(rk, broker_cnt);
        if (!mc) { fprintf(stderr, "rd_kafka_mock_cluster_new failed\n"); return 2; }

        for (i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--topic") || i + 1 >= argc) continue;
                /* Copy rather than cut argv in place, so `ps` still shows "name:parts". */
                const char *spec = argv[++i], *colon = strrchr(spec, ':');
                int len = colon ? (int)(colon - spec) : (int)strlen(spec);
                int parts = colon ? atoi(colon + 1) : 1;
                snprintf(name, sizeof(name), "%.*s", len, spec);
                rd_kafka_resp_err_t err = create_topic(name, parts);
                if (err) { fprintf(stderr, "topic %s: %s\n", name, rd_kafka_err2str(err)); return 2; }
        }

        /* No SA_RESTART: a signal must interrupt the blocking fgets() so we
         * fall through to the clean shutdown below. */
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN); /* a dead driver must not kill us mid-destroy */
        pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);

        printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));
        fflush(stdout);

        while (!stop_requested && fgets(line, sizeof(line), stdin))
                if (handle(line)) break;

        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(rk);
        return 0;
}
