"""What a CV attachment holds, judged from its bytes (CV-10, SEC-7).

:mod:`formats` recognises the accepted formats; :mod:`inspection` then looks inside
each for hostile content: :mod:`pdf` for scripts and launch actions, :mod:`zip_archive`
and :mod:`sevenzip` (with :mod:`sevenzip_header`) for archive bombs, programs and
nested archives, :mod:`ole` for macros in Word 97 files, :mod:`markup` for polyglots,
:mod:`names` for what an archived file's name says. :mod:`streams` decodes with a cap
and :mod:`entries` carries an archived file to its judge. Everything here is bounded:
no file is executed, and nothing is inflated beyond the limits of :mod:`hazards`.
The public face is :mod:`formlavoro_core.cv.attachments`.
"""
