/* An in-kernel self-test of the socket API over loopback (the shell's
 * `socktest`): the POSIX error cases, poll, epoll, options, the table
 * cap. Written against net/socket.h only. */
#ifndef APP_SOCKTEST_H
#define APP_SOCKTEST_H

/* Runs every check; report gets one line per failure. Returns the
 * number of failures (0 = all passed); *checks the number run. */
int socktest_run(void (*report)(const char *line), int *checks);

#endif /* APP_SOCKTEST_H */
