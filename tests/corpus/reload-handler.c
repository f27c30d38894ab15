// corpus: buggy signal-unsafe
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *current_profile;
static pthread_mutex_t profile_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_sighup(int sig)
{
    (void)sig;
    char *fresh = strdup("profile-reloaded"); // bug
    printf("SIGHUP: reloading profile\n"); // bug
    free(fresh); // bug
}

static void *serve(void *arg)
{
    int *served = arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&profile_lock);
        if (current_profile && strlen(current_profile) > 0)
            (*served)++;
        pthread_mutex_unlock(&profile_lock);
    }
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sighup;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGHUP, &sa, NULL) == -1) {
        perror("sigaction");
        return 1;
    }

    current_profile = strdup("default");
    int served = 0;
    pthread_t t;
    pthread_create(&t, NULL, serve, &served);
    kill(getpid(), SIGHUP);
    pthread_join(t, NULL);

    printf("served %d requests\n", served);
    free(current_profile);
    return 0;
}
