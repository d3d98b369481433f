/* The built-in application: what kmain starts once the stack is up. */
#ifndef APP_APP_H
#define APP_APP_H

/* Open the services and start their thread; failures are logged, the
 * kernel goes on without them. Threads only, after inet_init(). */
void app_start(void);

#endif /* APP_APP_H */
