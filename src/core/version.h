/* version.h - the version of dacc: what --version prints, what every JSON
 * report and the live plugin's handshake carry */
#ifndef DACC_VERSION_H
#define DACC_VERSION_H

#define DACC_VERSION "0.1.0"

#endif
