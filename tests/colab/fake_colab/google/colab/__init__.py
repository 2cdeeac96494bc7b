"""A stand-in for Colab's ``google.colab`` package, for the Colab-like CI job only.

Colab's kernel is ``google.colab._kernel.Kernel`` with the shell ``google.colab._shell.Shell``;
the course's setup cell looks for ``google.colab`` in ``sys.modules`` and Otter-Grader for
"google.colab" in the shell's name. This package gives both and nothing else (no Drive, no
forms, no files): what a notebook would need beyond that is not emulated.
"""
