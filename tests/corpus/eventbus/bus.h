/* bus: publish/subscribe within one process.  Handlers run on the
 * publishing thread; they must not subscribe or unsubscribe. */
#ifndef BUS_H
#define BUS_H

typedef void (*bus_handler)(const char *topic, const void *payload, void *ctx);

struct bus;

struct bus *bus_create(void);
void bus_destroy(struct bus *b);
/* Returns a subscription id >= 0, or -1 when the table is full. */
int bus_subscribe(struct bus *b, const char *topic, bus_handler fn, void *ctx);
void bus_unsubscribe(struct bus *b, int id);
/* Returns how many handlers ran. */
int bus_publish(struct bus *b, const char *topic, const void *payload);
unsigned long bus_published(struct bus *b);

#endif
