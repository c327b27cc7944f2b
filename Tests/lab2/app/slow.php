<?php
// A slow request (a report, an export): holds one PHP-FPM child for ?s= seconds (default 2, at most 10).
header('Cache-Control: no-store');
$seconds = min(10.0, max(0.0, (float) ($_GET['s'] ?? 2)));
usleep((int) ($seconds * 1e6));
echo "slow ($seconds s)\n";
