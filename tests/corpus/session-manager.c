// corpus: buggy data-race
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    pthread_mutex_t lock;
    unsigned next_id;
    time_t started;
} SessionManager;

static SessionManager *g_manager = NULL;
static pthread_mutex_t g_manager_init_lock = PTHREAD_MUTEX_INITIALIZER;

static SessionManager *SessionManager_instance(void)
{
    if (g_manager == NULL) { // bug
        pthread_mutex_lock(&g_manager_init_lock);
        if (g_manager == NULL) {
            SessionManager *m = malloc(sizeof *m);
            if (!m) { perror("malloc"); exit(1); }
            pthread_mutex_init(&m->lock, NULL);
            m->next_id = 1000;
            m->started = time(NULL);
            g_manager = m; // bug
        }
        pthread_mutex_unlock(&g_manager_init_lock);
    }
    return g_manager; // bug
}

static unsigned SessionManager_open(void)
{
    SessionManager *m = SessionManager_instance();
    pthread_mutex_lock(&m->lock); // bug
    unsigned id = m->next_id++;
    pthread_mutex_unlock(&m->lock);
    return id;
}

static pthread_barrier_t g_ready;

static void *Client_run(void *arg)
{
    unsigned *ids = arg;
    pthread_barrier_wait(&g_ready);
    for (int i = 0; i < 4; i++)
        ids[i] = SessionManager_open();
    return NULL;
}

int main(void)
{
    pthread_t clients[2];
    unsigned ids[2][4];

    pthread_barrier_init(&g_ready, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&clients[i], NULL, Client_run, ids[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(clients[i], NULL);
    pthread_barrier_destroy(&g_ready);

    printf("first sessions: %u and %u\n", ids[0][0], ids[1][0]);
    pthread_mutex_destroy(&g_manager->lock);
    free(g_manager);
    return 0;
}
