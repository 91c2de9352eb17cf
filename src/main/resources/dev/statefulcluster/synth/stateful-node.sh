#!/bin/sh
# placeholder until the node script lands
exit 5
