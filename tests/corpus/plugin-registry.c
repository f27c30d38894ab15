// corpus: buggy data-race
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct plugin {
    char name[32];
    int priority;
    struct plugin *next;
} plugin_t;

/* Every loader thread adds what it found to this list. */
static plugin_t *registry_head;

static void register_plugin(const char *name, int prio)
{
    plugin_t *p = calloc(1, sizeof *p);
    if (!p) {
        perror("calloc");
        exit(1);
    }
    snprintf(p->name, sizeof p->name, "%s", name);
    p->priority = prio;
    p->next = registry_head; // bug
    registry_head = p; // bug
}

static void *scan_dir(void *arg)
{
    const char *dir = arg;
    char name[32];

    for (int i = 0; i < 8; i++) {
        snprintf(name, sizeof name, "%s-%d", dir, i);
        register_plugin(name, i);
    }
    return NULL;
}

int main(void)
{
    static const char *dirs[] = { "codecs", "filters", "sinks" };
    pthread_t loaders[3];
    int n = 0;

    for (int i = 0; i < 3; i++)
        pthread_create(&loaders[i], NULL, scan_dir, (void *)dirs[i]);
    for (int i = 0; i < 3; i++)
        pthread_join(loaders[i], NULL);

    while (registry_head) {
        plugin_t *p = registry_head;
        registry_head = p->next;
        n++;
        free(p);
    }
    printf("%d plugins registered\n", n);
    return 0;
}
